//! Build-time charts and maps for IOP-katalogen, rendered as inline SVG.
//!
//! Every function takes plain data and returns an HTML string: a `<figure>`
//! with a visible caption, an accessible SVG (`<title>`/`<desc>`, role "img",
//! or role "group" when it holds links) and the same numbers as a `<table>`
//! inside `<details>` ("Visa som tabell"). Output is deterministic and all
//! text is escaped. The SVGs carry inline presentation attributes, so they
//! look right without any stylesheet; [`CSS`] adds hover and focus styles.
//! Visible text is Swedish.

mod bars;
mod map;
mod timeline;
mod util;

pub use bars::{Bar, BarChart, bar_chart, column_chart, column_chart_with_part};
pub use map::{Area, Class, Inset, SOURCE, classes, insets, kommun_map, kommuner, lan, lan_map};
pub use timeline::{End, Start, TimelineItem, timeline};
pub use util::esc;

/// Optional stylesheet for the charts (hover and focus states, table look).
/// Include it once in the site's CSS.
pub const CSS: &str = include_str!("chart.css");
