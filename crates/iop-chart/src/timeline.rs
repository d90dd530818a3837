//! Timeline: one bar per partnership on a year axis, with an "idag" marker.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::bars::empty_note;
use crate::util::{
    BAR, ENDED, GRID, MUTED, TODAY, clean_id, esc, figure, head_cell, num, svg_open, svg_title,
    table_open, text_width, truncate,
};

/// When a partnership started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Date(NaiveDate),
    Unknown,
}

/// When a partnership ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Date(NaiveDate),
    /// Open-ended ("tills vidare").
    UntilFurtherNotice,
    Unknown,
}

/// One partnership in a [`timeline`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineItem {
    /// The partnership's name.
    pub label: String,
    /// Link to the partnership's page.
    pub href: String,
    pub start: Start,
    pub end: End,
    /// Status in Swedish, e.g. "Pågående" or "Avslutat" (may be empty).
    pub status: String,
}

const W: f64 = 520.0;
const PAD: f64 = 8.0;
const FONT: f64 = 18.0;
const SMALL: f64 = 17.5;
const ROW: f64 = 46.0;
const BAR_H: f64 = 14.0;
const ARROW: f64 = 9.0;
const LEGEND_ROW: f64 = 24.0;
/// A white outline behind text so grid lines don't run through it.
const HALO: &str =
    " paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"4\" stroke-linejoin=\"round\"";

/// Draw every partnership as a bar from start to end, in the order given
/// (sort them first, e.g. by start date). `as_of` is today's date: a red
/// "idag" line marks it, bars that ended before it are grey. Open-ended bars
/// fade into an arrow at the right edge ("tills vidare"); unknown starts and
/// ends are hatched with a dashed outline ("okänd start", "okänt slut").
/// Each row is a link to the partnership's page.
pub fn timeline(
    id: &str,
    title: &str,
    description: &str,
    items: &[TimelineItem],
    as_of: NaiveDate,
) -> String {
    let id = clean_id(id);
    let axis = Axis::new(items, as_of);

    // Legend: only the kinds that occur, plus the "idag" marker.
    let ended = |i: &TimelineItem| matches!(i.end, End::Date(e) if e < as_of);
    let mut legend: Vec<(&str, Swatch)> = Vec::new();
    if items.iter().any(|i| !ended(i)) {
        legend.push(("Pågående eller kommande", Swatch::Solid(BAR)));
    }
    if items.iter().any(ended) {
        legend.push(("Avslutat", Swatch::Solid(ENDED)));
    }
    if items.iter().any(|i| i.end == End::UntilFurtherNotice) {
        legend.push(("Tills vidare", Swatch::Fade));
    }
    if items
        .iter()
        .any(|i| i.start == Start::Unknown || i.end == End::Unknown)
    {
        legend.push(("Okänd start eller slut", Swatch::Hatch));
    }
    legend.push(("Idag", Swatch::Today));
    // Flow the legend items into lines.
    let mut lines: Vec<Vec<(f64, &str, Swatch)>> = vec![Vec::new()];
    let mut x = PAD;
    for (text, sw) in legend {
        let w = 30.0 + text_width(text, SMALL) + 22.0;
        if x + w > W - PAD && x > PAD {
            lines.push(Vec::new());
            x = PAD;
        }
        lines.last_mut().expect("one line").push((x, text, sw));
        x += w;
    }
    let legend_h = lines.len() as f64 * LEGEND_ROW;
    let today_y = PAD + legend_h + 12.0;
    let years_top = today_y + 20.0;
    let rows_top = years_top + 8.0;
    let rows_h = items.len().max(1) as f64 * ROW;
    let bottom_axis = items.len() > 8;
    let h = rows_top + rows_h + if bottom_axis { 26.0 } else { 4.0 };

    let mut svg = String::new();
    svg_open(&mut svg, &id, W, h, "38rem", !items.is_empty());
    svg_title(&mut svg, &id, title, description);
    let _ = write!(
        svg,
        "<defs><linearGradient id=\"{id}-fade\"><stop offset=\"0\" stop-color=\"{BAR}\"/>\
         <stop offset=\"1\" stop-color=\"{BAR}\" stop-opacity=\"0.15\"/></linearGradient>\
         <pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"1.5\" y1=\"0\" x2=\"1.5\" y2=\"6\" stroke=\"{ENDED}\" stroke-width=\"2.5\"/></pattern></defs>"
    );

    // Legend.
    let _ = write!(
        svg,
        "<g class=\"chart-legend\" font-size=\"{}\">",
        num(SMALL)
    );
    for (li, line) in lines.iter().enumerate() {
        let y = PAD + li as f64 * LEGEND_ROW;
        for (x, text, sw) in line {
            sw.draw(&mut svg, &id, *x, y + 4.0, 24.0, 12.0);
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                num(x + 30.0),
                num(y + 14.5),
                esc(text)
            );
        }
    }
    svg.push_str("</g>");

    if items.is_empty() {
        empty_note(&mut svg, rows_top + rows_h / 2.0);
    }

    // Year grid and labels.
    let grid_bottom = rows_top + rows_h;
    let _ = write!(
        svg,
        "<g class=\"chart-grid\" font-size=\"{}\" fill=\"{MUTED}\">",
        num(SMALL)
    );
    for year in axis.ticks() {
        let x = axis.x(jan1(year));
        let _ = write!(
            svg,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{GRID}\"/>",
            num(years_top + 4.0),
            num(grid_bottom),
            x = num(x)
        );
        if year < axis.end_year {
            let lx = if axis.step == 1 {
                (x + axis.x(jan1(year + 1))) / 2.0
            } else {
                x
            };
            let label = year.to_string();
            let half = text_width(&label, SMALL) / 2.0;
            let lx = lx.clamp(PAD + half, W - PAD - half);
            let mut ys = vec![years_top];
            if bottom_axis {
                ys.push(grid_bottom + 18.0);
            }
            for y in ys {
                let _ = write!(
                    svg,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\"{HALO}>{label}</text>",
                    num(lx),
                    num(y)
                );
            }
        }
    }
    svg.push_str("</g>");

    // The "idag" line runs under the rows (text halos cover it) and is
    // drawn again over each bar below.
    let tx = axis.x(as_of);
    let _ = write!(
        svg,
        "<line class=\"chart-today\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{TODAY}\" stroke-width=\"2\"/>",
        num(today_y + 4.0),
        num(grid_bottom),
        x = num(tx),
    );

    // Rows.
    let _ = write!(svg, "<g font-size=\"{}\">", num(FONT));
    for (i, it) in items.iter().enumerate() {
        let y = rows_top + i as f64 * ROW;
        let period = period_text(it);
        let with_status = if it.status.is_empty() {
            period.clone()
        } else {
            format!("{period} · {}", it.status)
        };
        // The name matters more than the status: when both do not fit, the
        // status is left to the aria label and the table.
        let room = |right: &str| W - 2.0 * PAD - text_width(right, SMALL) - 14.0;
        let right = if text_width(&it.label, FONT) <= room(&with_status) {
            with_status
        } else {
            period.clone()
        };
        let right_w = text_width(&right, SMALL);
        let name = truncate(&it.label, FONT, room(&right));
        let _ = write!(
            svg,
            "<a class=\"chart-item\" href=\"{}\" aria-label=\"{}\">",
            esc(&it.href),
            // The visible texts first (WCAG 2.5.3, label in name), then the
            // full name when the visible one is shortened, then exact dates.
            esc(&match (
                name == it.label,
                right.contains(&it.status) || it.status.is_empty()
            ) {
                (true, true) => format!("{name} {right}, {}", spoken_period(it)),
                (true, false) => format!("{name} {right}, {}, {}", it.status, spoken_period(it)),
                (false, _) => format!(
                    "{name} {right}, {}, {}, {}",
                    it.label,
                    it.status,
                    spoken_period(it)
                ),
            }),
        );
        // An invisible hit area so the whole row is clickable.
        let _ = write!(
            svg,
            "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\" fill-opacity=\"0\"/>",
            num(y),
            num(W),
            num(ROW)
        );
        // White backing behind the texts so grid lines don't cross them.
        let name_w = text_width(&name, FONT);
        rect(&mut svg, PAD - 2.0, y + 2.0, name_w + 4.0, 20.0, "#fff");
        rect(
            &mut svg,
            W - PAD - right_w - 2.0,
            y + 4.0,
            right_w + 4.0,
            18.0,
            "#fff",
        );
        let _ = write!(
            svg,
            "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-decoration=\"underline\">{}</text>\
             <text class=\"chart-period\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"{}\" fill=\"{MUTED}\"> {}</text>",
            num(PAD),
            num(y + 17.0),
            esc(&name),
            num(W - PAD),
            num(y + 17.0),
            num(SMALL),
            esc(&right)
        );
        draw_bar(&mut svg, &id, &axis, it, y + 24.0, as_of);
        svg.push_str("</a>");
    }
    svg.push_str("</g>");

    // The "idag" marker over the bars, with its label on top.
    let label_x = tx.clamp(PAD + 16.0, W - PAD - 16.0);
    let _ = write!(
        svg,
        "<g class=\"chart-today\" stroke=\"{TODAY}\" stroke-width=\"2\"><title>Idag: {as_of}</title>"
    );
    for i in 0..items.len() {
        let y = rows_top + i as f64 * ROW + 24.0;
        let _ = write!(
            svg,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>",
            num(y - 4.0),
            num(y + BAR_H + 4.0),
            x = num(tx)
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" font-weight=\"700\" fill=\"{TODAY}\" stroke=\"none\">idag</text></g>",
        num(label_x),
        num(today_y),
        num(SMALL),
    );
    svg.push_str("</svg>");

    // Table.
    let mut t = String::new();
    table_open(
        &mut t,
        title,
        &["Partnerskap", "Start", "Slut", "Status"],
        &[false, false, false, false],
    );
    for it in items {
        let start = match it.start {
            Start::Date(d) => d.to_string(),
            Start::Unknown => "okänd".into(),
        };
        let end = match it.end {
            End::Date(d) => d.to_string(),
            End::UntilFurtherNotice => "tills vidare".into(),
            End::Unknown => "okänt".into(),
        };
        let _ = write!(
            t,
            "<tr>{}<td>{}</td><td>{}</td><td>{}</td></tr>",
            head_cell(&it.label, Some(&it.href)),
            esc(&start),
            esc(&end),
            esc(&it.status)
        );
    }
    t.push_str("</tbody></table>");
    figure("timeline", &id, title, description, &svg, &t, "")
}

/// Short visible period, e.g. "2019–2023", "2020 – tills vidare".
fn period_text(it: &TimelineItem) -> String {
    match (it.start, it.end) {
        (Start::Date(s), End::Date(e)) if s.year() == e.year() => s.year().to_string(),
        (Start::Date(s), End::Date(e)) => format!("{}–{}", s.year(), e.year()),
        (Start::Date(s), End::UntilFurtherNotice) => format!("{} – tills vidare", s.year()),
        (Start::Date(s), End::Unknown) => format!("{} – okänt slut", s.year()),
        (Start::Unknown, End::Date(e)) => format!("okänd start – {}", e.year()),
        (Start::Unknown, End::UntilFurtherNotice) => "okänd start – tills vidare".into(),
        (Start::Unknown, End::Unknown) => "okänd period".into(),
    }
}

/// Full period for screen readers, with dates.
fn spoken_period(it: &TimelineItem) -> String {
    let start = match it.start {
        Start::Date(d) => format!("från {d}"),
        Start::Unknown => "okänd start".into(),
    };
    let end = match it.end {
        End::Date(d) => format!("till {d}"),
        End::UntilFurtherNotice => "tills vidare".into(),
        End::Unknown => "okänt slut".into(),
    };
    if it.status.is_empty() {
        format!("{start} {end}")
    } else {
        format!("{start} {end}, {}", it.status)
    }
}

fn jan1(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year")
}

struct Axis {
    start_year: i32,
    /// Exclusive: the axis ends on 1 January of this year.
    end_year: i32,
    step: i32,
}

impl Axis {
    fn new(items: &[TimelineItem], as_of: NaiveDate) -> Self {
        let mut lo = as_of.year();
        let mut hi = as_of.year();
        for it in items {
            if let Start::Date(d) = it.start {
                lo = lo.min(d.year());
                hi = hi.max(d.year());
            }
            if let End::Date(d) = it.end {
                lo = lo.min(d.year());
                hi = hi.max(d.year());
            }
        }
        if items.iter().any(|i| i.start == Start::Unknown) {
            lo -= 1;
        }
        if items.iter().any(|i| !matches!(i.end, End::Date(_))) {
            hi = hi.max(as_of.year() + 1);
        }
        // Keep the axis within a sane range even for odd data.
        lo = lo.max(as_of.year() - 60);
        hi = hi.min(as_of.year() + 60).max(lo);
        let span = hi + 1 - lo;
        let step = [1, 2, 5, 10, 20]
            .into_iter()
            .find(|s| span / s <= 10)
            .unwrap_or(20);
        // Align the start to the step so ticks fall on round years.
        let start_year = lo - lo.rem_euclid(step);
        Axis {
            start_year,
            end_year: hi + 1,
            step,
        }
    }

    fn ticks(&self) -> impl Iterator<Item = i32> + '_ {
        (self.start_year..=self.end_year).step_by(self.step as usize)
    }

    fn x(&self, d: NaiveDate) -> f64 {
        let d0 = jan1(self.start_year);
        let d1 = jan1(self.end_year);
        let total = (d1 - d0).num_days() as f64;
        let t = ((d - d0).num_days() as f64 / total).clamp(0.0, 1.0);
        PAD + t * (W - 2.0 * PAD)
    }
}

#[derive(Clone, Copy)]
enum Swatch {
    Solid(&'static str),
    Fade,
    Hatch,
    Today,
}

impl Swatch {
    fn draw(self, svg: &mut String, id: &str, x: f64, y: f64, w: f64, h: f64) {
        match self {
            Swatch::Solid(c) => rect(svg, x, y, w, h, c),
            Swatch::Fade => {
                rect(svg, x, y, w - ARROW, h, &format!("url(#{id}-fade)"));
                arrow(svg, x + w, y, h);
            }
            Swatch::Hatch => hatch(svg, id, x, y, w, h),
            Swatch::Today => {
                let _ = write!(
                    svg,
                    "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{TODAY}\" stroke-width=\"2\"/>",
                    num(y - 3.0),
                    num(y + h + 3.0),
                    x = num(x + w / 2.0)
                );
            }
        }
    }
}

fn rect(svg: &mut String, x: f64, y: f64, w: f64, h: f64, fill: &str) {
    let _ = write!(
        svg,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
        num(x),
        num(y),
        num(w.max(0.0)),
        num(h)
    );
}

fn hatch(svg: &mut String, id: &str, x: f64, y: f64, w: f64, h: f64) {
    let _ = write!(
        svg,
        "<rect class=\"chart-unknown\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#{id}-hatch)\" \
         stroke=\"{MUTED}\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>",
        num(x),
        num(y + 0.75),
        num(w.max(0.0)),
        num(h - 1.5)
    );
}

/// A right-pointing arrow head whose tip is at `tip_x`.
fn arrow(svg: &mut String, tip_x: f64, y: f64, h: f64) {
    let _ = write!(
        svg,
        "<path d=\"M{} {}L{} {}L{} {}z\" fill=\"{BAR}\"/>",
        num(tip_x - ARROW),
        num(y - 3.0),
        num(tip_x),
        num(y + h / 2.0),
        num(tip_x - ARROW),
        num(y + h + 3.0)
    );
}

fn draw_bar(svg: &mut String, id: &str, axis: &Axis, it: &TimelineItem, y: f64, as_of: NaiveDate) {
    let left = PAD;
    let right = W - PAD;
    let today = axis.x(as_of);
    let colour = match it.end {
        End::Date(e) if e < as_of => ENDED,
        _ => BAR,
    };
    // A solid cap marks a known date next to an unknown one.
    let cap = |svg: &mut String, x: f64| rect(svg, x - 1.5, y - 2.0, 3.0, BAR_H + 4.0, colour);
    match (it.start, it.end) {
        (Start::Date(s), End::Date(e)) => {
            let (a, b) = (axis.x(s.min(e)), axis.x(s.max(e)));
            rect(svg, a, y, (b - a).max(3.0), BAR_H, colour);
        }
        (Start::Date(s), End::UntilFurtherNotice) => {
            let a = axis.x(s);
            let solid_end = today.max(a);
            rect(svg, a, y, solid_end - a, BAR_H, BAR);
            rect(
                svg,
                solid_end,
                y,
                right - ARROW - solid_end,
                BAR_H,
                &format!("url(#{id}-fade)"),
            );
            arrow(svg, right, y, BAR_H);
        }
        (Start::Date(s), End::Unknown) => {
            let a = axis.x(s);
            hatch(svg, id, a, y, right - a, BAR_H);
            cap(svg, a);
        }
        (Start::Unknown, End::Date(e)) => {
            let b = axis.x(e);
            hatch(svg, id, left, y, b - left, BAR_H);
            cap(svg, b);
        }
        (Start::Unknown, End::UntilFurtherNotice) => {
            hatch(svg, id, left, y, today - left, BAR_H);
            rect(
                svg,
                today,
                y,
                right - ARROW - today,
                BAR_H,
                &format!("url(#{id}-fade)"),
            );
            arrow(svg, right, y, BAR_H);
        }
        (Start::Unknown, End::Unknown) => hatch(svg, id, left, y, right - left, BAR_H),
    }
}
