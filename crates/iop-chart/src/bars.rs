//! Horizontal bar charts (categories such as focus areas or durations) and
//! vertical column charts (a value per year).

use std::fmt::Write as _;

use crate::util::{
    BAR, BAR_LIGHT, GRID, MUTED, clean_id, count, esc, figure, head_cell, num, num_cell, svg_open,
    svg_title, table_open, text_width, truncate,
};

/// One bar or column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// Category label, e.g. a focus area, a duration class or a year.
    pub label: String,
    pub value: u32,
    /// Optional link for the bar (and its table row).
    pub href: Option<String>,
    /// How much of `value` belongs to a highlighted part, drawn darker from
    /// the bottom of a column (see [`column_chart_with_part`]).
    pub part: Option<u32>,
}

impl Bar {
    pub fn new(label: impl Into<String>, value: u32) -> Self {
        Bar {
            label: label.into(),
            value,
            href: None,
            part: None,
        }
    }

    pub fn with_part(mut self, part: u32) -> Self {
        self.part = Some(part.min(self.value));
        self
    }

    pub fn with_href(mut self, href: impl Into<String>) -> Self {
        self.href = Some(href.into());
        self
    }
}

/// Data for [`bar_chart`] and [`column_chart`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    /// Unique per page; used as the figure id and prefix for aria ids.
    pub id: String,
    /// Visible caption and SVG `<title>`, e.g. "Partnerskap per fokusområde".
    pub title: String,
    /// One or two sentences for the caption and SVG `<desc>`.
    pub description: String,
    /// Table heading of the label column, e.g. "Fokusområde" or "År".
    pub label_heading: String,
    /// Table heading of the value column, e.g. "Partnerskap".
    pub value_heading: String,
    /// Bars in display order.
    pub bars: Vec<Bar>,
}

const W: f64 = 480.0;
const PAD: f64 = 8.0;
const FONT: f64 = 17.0;

/// Horizontal labelled bars with the value printed at the end of each bar.
///
/// Short labels go left of the bars; if the longest label would take more
/// than about 40 % of the width, every label goes on its own line above its
/// bar instead (reads well on phones too).
pub fn bar_chart(c: &BarChart) -> String {
    let id = clean_id(&c.id);
    let max = c.bars.iter().map(|b| b.value).max().unwrap_or(0);
    let value_w = text_width(&count(max), FONT) + 10.0;
    let label_w = c
        .bars
        .iter()
        .map(|b| text_width(&b.label, FONT))
        .fold(0.0, f64::max)
        .ceil();
    let labels_left = label_w <= 0.4 * W;
    let (row_h, bar_h, x0) = if labels_left {
        (34.0, 22.0, PAD + label_w + 10.0)
    } else {
        (54.0, 22.0, PAD)
    };
    let bar_max = W - PAD - value_w - x0;
    let h = if c.bars.is_empty() {
        40.0
    } else {
        c.bars.len() as f64 * row_h + 2.0 * PAD
    };
    let interactive = c.bars.iter().any(|b| b.href.is_some());

    let mut svg = String::new();
    svg_open(&mut svg, &id, W, h, "34rem", interactive);
    svg_title(&mut svg, &id, &c.title, &c.description);
    if c.bars.is_empty() {
        empty_note(&mut svg, h);
    }
    let _ = write!(svg, "<g font-size=\"{}\">", num(FONT));
    for (i, b) in c.bars.iter().enumerate() {
        let y = PAD + i as f64 * row_h;
        let (bar_y, label) = if labels_left {
            (y + (row_h - bar_h) / 2.0, None)
        } else {
            (
                y + row_h - bar_h - 6.0,
                Some(truncate(&b.label, FONT, W - 2.0 * PAD)),
            )
        };
        let bw = if max == 0 {
            0.0
        } else {
            let w = bar_max * f64::from(b.value) / f64::from(max);
            if b.value > 0 { w.max(2.0) } else { 0.0 }
        };
        open_item(&mut svg, b, &format!("{}: {}", b.label, count(b.value)));
        if labels_left {
            let _ = write!(
                svg,
                "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                num(x0 - 10.0),
                num(bar_y + bar_h / 2.0 + FONT * 0.35),
                esc(&b.label)
            );
        } else if let Some(l) = label {
            let _ = write!(
                svg,
                "<text class=\"chart-label\" x=\"{}\" y=\"{}\">{}</text>",
                num(x0),
                num(bar_y - 6.0),
                esc(&l)
            );
        }
        let _ = write!(
            svg,
            "<rect class=\"chart-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAR}\"/>\
             <text class=\"chart-value\" x=\"{}\" y=\"{}\" font-weight=\"600\">{}</text>",
            num(x0),
            num(bar_y),
            num(bw),
            num(bar_h),
            num(x0 + bw + 6.0),
            num(bar_y + bar_h / 2.0 + FONT * 0.35),
            count(b.value)
        );
        close_item(&mut svg, b);
    }
    svg.push_str("</g>");
    if labels_left && !c.bars.is_empty() {
        let _ = write!(
            svg,
            "<line class=\"chart-axis\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{MUTED}\" stroke-width=\"1.5\"/>",
            num(PAD / 2.0),
            num(h - PAD / 2.0),
            x = num(x0),
        );
    }
    svg.push_str("</svg>");
    figure(
        "bar",
        &id,
        &c.title,
        &c.description,
        &svg,
        &table(c, None),
        "",
    )
}

/// Vertical columns, e.g. active partnerships per year (labels = years).
/// Values are printed above the columns where they fit; a light grid with
/// tick labels gives the scale, and every column's number is in the table.
pub fn column_chart(c: &BarChart) -> String {
    columns(c, None)
}

/// Columns whose lower, darker part shows how much of each value belongs to
/// a part named `part_heading` (e.g. "bekräftade av en källa från året"); a
/// legend and a third table column say so.
pub fn column_chart_with_part(c: &BarChart, part_heading: &str) -> String {
    columns(c, Some(part_heading))
}

fn columns(c: &BarChart, part_heading: Option<&str>) -> String {
    let id = clean_id(&c.id);
    let n = c.bars.len();
    let max = c.bars.iter().map(|b| b.value).max().unwrap_or(0);
    let step = nice_step(max);
    let top_tick = max.div_ceil(step).max(1) * step;
    let tick_font = 16.5;
    let left = PAD + text_width(&count(top_tick), tick_font) + 8.0;
    let (top, bottom) = (24.0, 30.0);
    let h = 280.0;
    let plot_h = h - top - bottom;
    let plot_w = W - left - PAD;
    let col_w = if n == 0 { plot_w } else { plot_w / n as f64 };
    let bar_w = (col_w * 0.72).min(56.0);
    let value_font = 16.5;
    let show_values = text_width(&count(max), value_font) <= col_w - 1.0;
    let label_font = 16.5;
    let label_w = c
        .bars
        .iter()
        .map(|b| text_width(&b.label, label_font))
        .fold(0.0, f64::max);
    let every = ((label_w + 6.0) / col_w).ceil().max(1.0) as usize;
    let interactive = c.bars.iter().any(|b| b.href.is_some());
    let y_of = |v: f64| top + plot_h - plot_h * v / f64::from(top_tick);

    let mut svg = String::new();
    svg_open(&mut svg, &id, W, h, "34rem", interactive);
    svg_title(&mut svg, &id, &c.title, &c.description);
    if n == 0 {
        empty_note(&mut svg, h);
    }
    // Grid and tick labels.
    let _ = write!(
        svg,
        "<g class=\"chart-grid\" font-size=\"{}\" fill=\"{MUTED}\">",
        num(tick_font)
    );
    let mut t = 0;
    while t <= top_tick {
        let y = y_of(f64::from(t));
        let _ = write!(
            svg,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{GRID}\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            num(left),
            num(W - PAD),
            num(left - 6.0),
            num(y + tick_font * 0.35),
            count(t),
            y = num(y)
        );
        t += step;
    }
    svg.push_str("</g>");
    let _ = write!(svg, "<g font-size=\"{}\">", num(label_font));
    for (i, b) in c.bars.iter().enumerate() {
        let cx = left + col_w * (i as f64 + 0.5);
        let y = y_of(f64::from(b.value));
        let bh = top + plot_h - y;
        let tip = match (part_heading, b.part) {
            (Some(heading), Some(part)) => format!(
                "{}: {}, varav {} {heading}",
                b.label,
                count(b.value),
                count(part)
            ),
            _ => format!("{}: {}", b.label, count(b.value)),
        };
        open_item(&mut svg, b, &tip);
        let _ = write!(
            svg,
            "<rect class=\"chart-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
            num(cx - bar_w / 2.0),
            num(y),
            num(bar_w),
            num(bh),
            if part_heading.is_some() {
                BAR_LIGHT
            } else {
                BAR
            }
        );
        if let (Some(_), Some(part)) = (part_heading, b.part.filter(|&p| p > 0)) {
            let py = y_of(f64::from(part));
            let _ = write!(
                svg,
                "<rect class=\"chart-bar-part\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAR}\"/>",
                num(cx - bar_w / 2.0),
                num(py),
                num(bar_w),
                num(top + plot_h - py)
            );
        }
        if show_values {
            let _ = write!(
                svg,
                "<text class=\"chart-value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" font-weight=\"600\">{}</text>",
                num(cx),
                num(y - 5.0),
                num(value_font),
                count(b.value)
            );
        }
        if (n - 1 - i).is_multiple_of(every) {
            let _ = write!(
                svg,
                "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                num(cx),
                num(h - bottom + 18.0),
                esc(&b.label)
            );
        }
        close_item(&mut svg, b);
    }
    svg.push_str("</g>");
    let _ = write!(
        svg,
        "<line class=\"chart-axis\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{MUTED}\" stroke-width=\"1.5\"/></svg>",
        num(left),
        num(W - PAD),
        y = num(top + plot_h)
    );
    let (table, legend) = match part_heading {
        Some(heading) => (table(c, Some(heading)), legend(heading)),
        None => (table(c, None), String::new()),
    };
    figure(
        "column",
        &id,
        &c.title,
        &c.description,
        &svg,
        &table,
        &legend,
    )
}

/// The key to the two shades of a column chart with a part.
fn legend(part_heading: &str) -> String {
    format!(
        "<ul class=\"chart-legend\"><li><span class=\"chart-swatch\" style=\"background:{BAR}\"></span>{}</li>\
         <li><span class=\"chart-swatch\" style=\"background:{BAR_LIGHT}\"></span>övriga</li></ul>",
        esc(part_heading)
    )
}

/// Smallest step of the form 1, 2, 5 × 10^k that gives at most 5 intervals.
fn nice_step(max: u32) -> u32 {
    let mut base = 1u32;
    loop {
        for m in [1, 2, 5] {
            let s = base.saturating_mul(m);
            if max.div_ceil(s) <= 5 {
                return s;
            }
        }
        base = base.saturating_mul(10);
    }
}

fn open_item(svg: &mut String, b: &Bar, tip: &str) {
    match &b.href {
        Some(h) => {
            let _ = write!(svg, "<a class=\"chart-item\" href=\"{}\">", esc(h));
        }
        None => svg.push_str("<g class=\"chart-item\">"),
    }
    let _ = write!(svg, "<title>{}</title>", esc(tip));
}

fn close_item(svg: &mut String, b: &Bar) {
    svg.push_str(if b.href.is_some() { "</a>" } else { "</g>" });
}

pub(crate) fn empty_note(svg: &mut String, h: f64) {
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" font-size=\"15\" fill=\"{MUTED}\">Inga uppgifter att visa.</text>",
        num(PAD),
        num(h / 2.0 + 5.0)
    );
}

/// The chart's numbers as a table; with `part_heading`, a third column
/// gives each bar's part.
fn table(c: &BarChart, part_heading: Option<&str>) -> String {
    let mut t = String::new();
    let mut headings = vec![c.label_heading.as_str(), c.value_heading.as_str()];
    headings.extend(part_heading);
    table_open(
        &mut t,
        &c.title,
        &headings,
        &[false, true, true][..headings.len()],
    );
    for b in &c.bars {
        let part = match part_heading {
            Some(_) => num_cell(b.part.unwrap_or(0)),
            None => String::new(),
        };
        let _ = write!(
            t,
            "<tr>{}{}{part}</tr>",
            head_cell(&b.label, b.href.as_deref()),
            num_cell(b.value)
        );
    }
    t.push_str("</tbody></table>");
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0), 1);
        assert_eq!(nice_step(4), 1);
        assert_eq!(nice_step(7), 2);
        assert_eq!(nice_step(23), 5);
        assert_eq!(nice_step(140), 50);
    }
}
