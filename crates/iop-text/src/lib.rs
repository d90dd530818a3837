//! The Swedish text rules every part of IOP-katalogen shares: the builder's
//! lists and slugs, the checker's comparisons, the search (natively and in
//! WebAssembly) and the charts' tables. One copy, so that a name sorts and
//! matches the same on every page.

/// Folds the diacritics and ligatures found in Swedish and its loanwords to
/// plain ASCII letters ("Malmö" → "Malmo", "æ" → "ae"), keeping case and
/// everything else. Returns `None` when nothing changes.
pub fn fold(word: &str) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(word.len());
    let mut changed = false;
    for c in word.chars() {
        let folded = fold_char(c);
        changed |= folded.is_some();
        match folded {
            Some(f) => out.push_str(f),
            None => out.push(c),
        }
    }
    changed.then_some(out)
}

/// Lowercase with diacritics folded: the form in which two spellings of a
/// name are compared ("Göteborg", "goteborg").
pub fn fold_lower(text: &str) -> String {
    let lower = text.to_lowercase();
    fold(&lower).unwrap_or(lower)
}

fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' | 'ā' => "a",
        'Å' | 'Ä' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ā' => "A",
        'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' | 'ō' => "o",
        'Ö' | 'Ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ō' => "O",
        'é' | 'è' | 'ê' | 'ë' | 'ē' => "e",
        'É' | 'È' | 'Ê' | 'Ë' | 'Ē' => "E",
        'ü' | 'ú' | 'ù' | 'û' | 'ū' => "u",
        'Ü' | 'Ú' | 'Ù' | 'Û' | 'Ū' => "U",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'Í' | 'Ì' | 'Î' | 'Ï' => "I",
        'ç' | 'č' | 'ć' => "c",
        'Ç' | 'Č' | 'Ć' => "C",
        'ñ' | 'ń' => "n",
        'Ñ' | 'Ń' => "N",
        'š' | 'ś' => "s",
        'Š' | 'Ś' => "S",
        'ž' | 'ź' | 'ż' => "z",
        'Ž' | 'Ź' | 'Ż' => "Z",
        'ý' | 'ÿ' => "y",
        'Ý' => "Y",
        'æ' => "ae",
        'Æ' => "AE",
        'ß' => "ss",
        'ð' => "d",
        'Ð' => "D",
        'þ' => "th",
        'Þ' => "TH",
        'ł' => "l",
        'Ł' => "L",
        _ => return None,
    })
}

/// Sort key giving Swedish alphabetical order (… x y z å ä ö, with ü as y
/// and æ, ø as ä, ö), case- and otherwise accent-insensitive; spaces and
/// punctuation sort before letters and digits.
pub fn collation_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            // After 'z' in ASCII: '{' < '|' < '}'.
            'å' => key.push('{'),
            'ä' | 'æ' => key.push('|'),
            'ö' | 'ø' => key.push('}'),
            'ü' => key.push('y'),
            c if c.is_alphanumeric() => match fold_char(c) {
                Some(f) => key.push_str(f),
                None => key.push(c),
            },
            _ => key.push(' '),
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_swedish_and_loanword_letters() {
        assert_eq!(fold("malmö").as_deref(), Some("malmo"));
        assert_eq!(
            fold("Åre Älvdalen Örebro").as_deref(),
            Some("Are Alvdalen Orebro")
        );
        assert_eq!(fold("malmo"), None);
        assert_eq!(fold("Ærø").as_deref(), Some("AEro"));
        assert_eq!(fold_lower("GÖTEBORG"), "goteborg");
        assert_eq!(fold_lower("Ljusdal"), "ljusdal");
    }

    #[test]
    fn sorts_in_swedish_order() {
        let mut v = [
            "Örebro",
            "ale",
            "Åre",
            "Älvdalen",
            "Zinkgruvan",
            "Ängelholm",
            "Åmål",
            "Eda",
            "Ödeshög",
        ];
        v.sort_by_key(|s| collation_key(s));
        assert_eq!(
            v,
            [
                "ale",
                "Eda",
                "Zinkgruvan",
                "Åmål",
                "Åre",
                "Älvdalen",
                "Ängelholm",
                "Ödeshög",
                "Örebro"
            ]
        );
        // Accents other than å, ä, ö do not move a letter.
        assert!(collation_key("Émile") < collation_key("Eva"));
        assert!(collation_key("Övre Ullerud") > collation_key("Z"));
    }
}
