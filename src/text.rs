//! Small text helpers shared by the checker and the builder: slugs, folding
//! for comparisons, and "menade du …?" suggestions.

/// A URL slug: lowercase ASCII words joined by '-', with Swedish letters
/// folded (å, ä → a; ö → o), so "Upplands Väsby" becomes "upplands-vasby".
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// How organisation names and aliases are compared everywhere (checker,
/// `iop new`): case-insensitive, in NFC, surrounding spaces ignored, accents kept.
pub fn name_key(name: &str) -> String {
    nfc(name.trim()).to_lowercase()
}

/// Unicode NFC: one encoding of each letter ("å" as one character, not as
/// "a" and a combining ring), so that equal-looking names are equal.
pub fn nfc(text: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_owned(),
        _ => text.nfc().collect(),
    }
}

/// Escapes text for HTML and XML. Leaves '/' alone (tera's default escapes
/// it), so URLs in attributes stay readable.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` without the characters XML 1.0 does not allow (C0 controls but
/// tab and newlines, U+FFFE and U+FFFF), which would make a feed reader
/// reject the whole feed.
pub fn xml_safe(text: String) -> String {
    let allowed = |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().all(allowed) {
        text
    } else {
        text.chars().filter(|&c| allowed(c)).collect()
    }
}

/// A character a reader cannot see that changes how the text around it is
/// shown: C0 and C1 controls (ESC starts terminal sequences) and the
/// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069),
/// which can make a name read differently from what it says.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The project's one accent fold and Swedish order (crates/iop-text).
pub use iop_text::{collation_key, fold_lower as fold};

/// The known name closest to `text`, if it is close enough to be a typo.
pub fn suggest<'a>(text: &str, known: impl Iterator<Item = &'a str>) -> Option<String> {
    let wanted = fold(text.trim());
    let limit = (wanted.chars().count() / 3).clamp(1, 3);
    known
        .map(|name| (levenshtein(&wanted, &fold(name)), name))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name.to_owned())
}

/// Edit distance where swapping two neighbouring letters counts as one edit,
/// the commonest typo ("Götebrog").
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_ascii() {
        assert_eq!(slugify("Upplands Väsby"), "upplands-vasby");
        assert_eq!(
            slugify("Göteborgs Räddningsmission (Hjärterum)"),
            "goteborgs-raddningsmission-hjarterum"
        );
        assert_eq!(slugify("  Malmö -- stad "), "malmo-stad");
    }

    #[test]
    fn xml_keeps_only_characters_xml_allows() {
        assert_eq!(
            xml_safe("a\u{1b}]52;\u{7}b\u{fffe}\tc\nd\u{0}".to_owned()),
            "a]52;b\tc\nd"
        );
        assert_eq!(nfc("Bora\u{30a}s"), "Borås");
        assert_eq!(name_key(" Bora\u{30a}s "), name_key("borås"));
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["Göteborg", "Malmö", "Stockholm"];
        assert_eq!(
            suggest("Götebrog", names.into_iter()).as_deref(),
            Some("Göteborg")
        );
        assert_eq!(
            suggest("malmo", names.into_iter()).as_deref(),
            Some("Malmö")
        );
        assert_eq!(suggest("Kiruna", names.into_iter()), None);
    }
}
