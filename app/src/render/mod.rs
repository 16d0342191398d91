//! Rendering: what `eval`, `memo` and the dashboard's memo key write of an evaluation. The JSON
//! of contract v1, the terminal table and Markdown ([`report`]), CSV ([`spreadsheet`]) and the
//! decision memo ([`memo`]: Markdown, HTML, a calendar of the duties). It reads the core's
//! results and words and changes nothing.

pub mod memo;
pub mod report;
pub mod spreadsheet;
