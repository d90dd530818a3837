//! Shared helpers: escaping, deterministic number formatting, text width
//! estimates and the `<figure>` wrapper every chart uses.

use std::fmt::Write as _;

/// Escape text for use in HTML/SVG text content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Make a string safe as an HTML id (and as a prefix of derived ids):
/// ASCII letters, digits, `-` and `_`; anything else becomes `-`.
pub fn clean_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("chart-{s}")
    } else {
        s
    }
}

/// Fixed, platform independent number formatting for coordinates: at most
/// one decimal, no trailing ".0", never "-0".
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        return "0".into();
    }
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A count in Swedish style: digits grouped by three with a no-break space.
pub fn count(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// Estimated width of `s` in user units for a font of size `font`. Uses
/// DejaVu Sans advance widths, one of the widest common sans-serif fonts, so
/// that layouts computed with it also fit narrower fonts (Segoe UI, Roboto,
/// San Francisco). Used only for layout decisions.
pub fn text_width(s: &str, font: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'í' | '\'' | '|' => 0.28,
            'I' | 'J' => 0.3,
            ' ' | '.' | ',' | ':' | ';' | '·' | '!' | '/' => 0.33,
            'f' | '-' | '(' | ')' | '[' | ']' => 0.39,
            't' | 'r' => 0.41,
            's' | 'z' | 'c' | '"' => 0.55,
            'm' => 0.98,
            'w' | 'M' => 0.87,
            'W' | '…' | '—' => 1.0,
            '–' => 0.5,
            '<' | '>' | '&' | '%' => 0.84,
            c if c.is_ascii_digit() => 0.64,
            c if c.is_uppercase() => 0.75,
            _ => 0.64,
        })
        .sum::<f64>()
        * font
}

/// Shorten `s` with an ellipsis so that it fits in `width` user units.
pub fn truncate(s: &str, font: f64, width: f64) -> String {
    if text_width(s, font) <= width {
        return s.to_string();
    }
    let limit = width - text_width("…", font);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = text_width(c.encode_utf8(&mut [0; 4]), font);
        if w + cw > limit {
            break;
        }
        w += cw;
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// Font stack set on every SVG (the site's CSS may override it).
pub const FONT: &str = "system-ui, -apple-system, &quot;Segoe UI&quot;, Roboto, Arial, sans-serif";
/// Body text colour (16:1 on white).
pub const INK: &str = "#1a1a1a";
/// Secondary text and axis colour (5.3:1 on white).
pub const MUTED: &str = "#595959";
/// Light grid lines (decorative only).
pub const GRID: &str = "#d0d0d0";
/// Main bar colour (5.4:1 on white).
pub const BAR: &str = "#2b6cb0";
/// The lighter shade for the rest of a column whose part is drawn in `BAR`.
pub const BAR_LIGHT: &str = "#a9c6e8";
/// Ended items (4.5:1 on white).
pub const ENDED: &str = "#767676";
/// The "idag" marker (6.5:1 on white).
pub const TODAY: &str = "#b3261e";

/// Opening `<svg>` tag. `interactive` (the SVG holds links) selects
/// role="group" so the links stay reachable; otherwise role="img".
pub fn svg_open(out: &mut String, id: &str, w: f64, h: f64, max_width: &str, interactive: bool) {
    let role = if interactive { "group" } else { "img" };
    let _ = write!(
        out,
        "<svg class=\"chart-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" \
         width=\"100%\" style=\"max-width:{max_width};height:auto;display:block\" role=\"{role}\" \
         aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" \
         font-family=\"{FONT}\" fill=\"{INK}\">",
        num(w),
        num(h),
    );
}

/// `<title>` and `<desc>` of an SVG, with ids for aria references.
pub fn svg_title(out: &mut String, id: &str, title: &str, description: &str) {
    let _ = write!(
        out,
        "<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(description)
    );
}

/// Wrap an SVG and its data table in a `<figure>` with a visible caption.
/// `note` is extra caption text (already escaped HTML), e.g. a source credit.
pub fn figure(
    kind: &str,
    id: &str,
    title: &str,
    description: &str,
    svg: &str,
    table: &str,
    note: &str,
) -> String {
    let mut out = String::with_capacity(svg.len() + table.len() + 512);
    let _ = write!(
        out,
        "<figure class=\"chart chart-{kind}\" id=\"{id}\" style=\"margin:1.5em 0\">\
         <figcaption class=\"chart-caption\"><strong class=\"chart-title\">{}</strong>\
         <span class=\"chart-description\" style=\"display:block\">{}</span>{note}</figcaption>\
         {svg}\
         <details class=\"chart-data\"><summary>Visa som tabell</summary>{table}</details>\
         </figure>",
        esc(title),
        esc(description),
    );
    out
}

/// Start of a data table with a caption and column headings.
pub fn table_open(out: &mut String, caption: &str, headings: &[&str], numeric: &[bool]) {
    let _ = write!(
        out,
        "<table class=\"chart-table\"><caption>{}</caption><thead><tr>",
        esc(caption)
    );
    for (h, n) in headings.iter().zip(numeric) {
        if *n {
            let _ = write!(
                out,
                "<th scope=\"col\" class=\"chart-num\" style=\"text-align:right\">{}</th>",
                esc(h)
            );
        } else {
            let _ = write!(
                out,
                "<th scope=\"col\" style=\"text-align:left\">{}</th>",
                esc(h)
            );
        }
    }
    out.push_str("</tr></thead><tbody>");
}

/// A table cell holding a count, right aligned.
pub fn num_cell(n: u32) -> String {
    format!(
        "<td class=\"chart-num\" style=\"text-align:right\">{}</td>",
        count(n)
    )
}

/// A row header cell, optionally a link.
pub fn head_cell(label: &str, href: Option<&str>) -> String {
    match href {
        Some(h) => format!(
            "<th scope=\"row\" style=\"text-align:left;font-weight:normal\"><a href=\"{}\">{}</a></th>",
            esc(h),
            esc(label)
        ),
        None => format!(
            "<th scope=\"row\" style=\"text-align:left;font-weight:normal\">{}</th>",
            esc(label)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
    }

    #[test]
    fn formats_numbers_fixed() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(12.04), "12");
        assert_eq!(count(1234567), "1\u{a0}234\u{a0}567");
        assert_eq!(count(999), "999");
    }

    #[test]
    fn cleans_ids() {
        assert_eq!(clean_id("fokus-1"), "fokus-1");
        assert_eq!(clean_id("a b\"c"), "a-b-c");
        assert_eq!(clean_id("1x"), "chart-1x");
    }

    #[test]
    fn truncates_long_text() {
        let t = truncate("Ett mycket långt namn på ett partnerskap", 10.0, 80.0);
        assert!(t.ends_with('…'));
        assert!(text_width(&t, 10.0) <= 80.0 + 0.01);
        assert_eq!(truncate("Kort", 10.0, 80.0), "Kort");
    }
}
