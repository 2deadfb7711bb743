//! Server-rendered SVG timelines: a cohort's phases, and a year across programmes. Pure functions
//! from data to markup. Colours are presentation attributes, not CSS, so the picture looks the same
//! inline and as a standalone `.svg` (and passes a `style-src 'self'` policy). Every picture has a
//! `<title>` and a `<desc>` that says in words what it shows; the pages beside it carry the same
//! facts as a table.

use chrono::{Datelike, Months, NaiveDate};
use itp_domain::Code;
use itp_domain::phase::{DateSpan, Phase, PhaseKind};
use maud::{Markup, html};

const WIDTH: f64 = 960.0;
const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Fill colour of a kind of phase; contrast against white at least 4.5:1 for the labels drawn
/// beside them in the same colour family.
pub fn kind_colour(kind: PhaseKind) -> &'static str {
    match kind {
        PhaseKind::RegionalWorkshop => "#0b5394",
        PhaseKind::SwedenPhase => "#006aa7",
        PhaseKind::HomeBasedWork => "#9aa3ad",
        PhaseKind::Online => "#6f42c1",
        PhaseKind::Closing => "#b01e1e",
        PhaseKind::Other => "#4a5360",
    }
}

/// The Swedish yellow of the study-visit days inside a Sweden phase.
const STUDY_VISITS: &str = "#fecc00";

/// Maps days to x positions between `left` and `right`.
struct Axis {
    span: DateSpan,
    left: f64,
    right: f64,
}

impl Axis {
    fn x(&self, day: NaiveDate) -> f64 {
        let total = (self.span.days()) as f64;
        let offset = (day - self.span.start).num_days() as f64;
        self.left + (self.right - self.left) * (offset / total).clamp(0.0, 1.0)
    }

    /// From the start of the first day to the end of the last.
    fn bar(&self, span: DateSpan) -> (f64, f64) {
        let x0 = self.x(span.start);
        let x1 = self.x(span.end.succ_opt().unwrap_or(span.end));
        (x0, (x1 - x0).max(2.0))
    }

    /// First days of months inside the span, thinned so labels do not collide.
    fn months(&self) -> Vec<NaiveDate> {
        let months = (self.span.end.year() - self.span.start.year()) * 12
            + self.span.end.month() as i32
            - self.span.start.month() as i32;
        let step = match months {
            0..=14 => 1,
            15..=30 => 2,
            31..=48 => 3,
            _ => 6,
        };
        let mut out = Vec::new();
        let mut m = self.span.start.with_day(1).unwrap_or(self.span.start);
        if m < self.span.start {
            m = m.checked_add_months(Months::new(1)).unwrap_or(m);
        }
        while m <= self.span.end {
            if (m.month0() as i32) % step == 0 || step == 1 {
                out.push(m);
            }
            m = match m.checked_add_months(Months::new(1)) {
                Some(next) => next,
                None => break,
            };
        }
        out
    }
}

fn month_ticks(axis: &Axis, top: f64, bottom: f64) -> Markup {
    html! {
        g {
            @for m in axis.months() {
                @let x = axis.x(m);
                line x1=(fmt(x)) y1=(fmt(top)) x2=(fmt(x)) y2=(fmt(bottom)) stroke="#c9cfd6" stroke-width="1" {}
                text x=(fmt(x + 3.0)) y=(fmt(top + 12.0)) font-size="11" fill="#4a5360" {
                    @if m.month() == 1 { (m.format("%b %Y")) } @else { (m.format("%b")) }
                }
            }
        }
    }
}

fn today_marker(axis: &Axis, today: NaiveDate, top: f64, bottom: f64) -> Markup {
    html! {
        @if axis.span.contains_day(today) {
            @let x = axis.x(today);
            g {
                line x1=(fmt(x)) y1=(fmt(top)) x2=(fmt(x)) y2=(fmt(bottom)) stroke="#1b1f24" stroke-width="1.5" stroke-dasharray="4 3" {}
                text x=(fmt(x + 3.0)) y=(fmt(bottom - 3.0)) font-size="11" fill="#1b1f24" { "Today" }
            }
        }
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// A phase in words, for `<desc>` and tooltips.
pub fn describe(n: usize, p: &Phase) -> String {
    let mut s = format!(
        "Phase {n}: {} ({}), {}",
        p.title,
        p.kind.label().to_lowercase(),
        p.dates
    );
    let place = p.place();
    if !place.is_empty() {
        s.push_str(&format!(", {place}"));
    }
    if let Some(v) = p.study_visits {
        s.push_str(&format!(", study visits {v}"));
    }
    if !p.compulsory {
        s.push_str(", optional");
    }
    s.push('.');
    s
}

/// One row per phase (phases may overlap), over the cohort's span.
pub fn cohort_timeline(
    id: &str,
    title: &str,
    dates: Option<DateSpan>,
    phases: &[&Phase],
    today: NaiveDate,
) -> Markup {
    let span = dates
        .or_else(|| DateSpan::envelope(phases.iter().map(|p| &p.dates)))
        .unwrap_or(DateSpan {
            start: today,
            end: today,
        });
    let axis = Axis {
        span,
        left: 10.0,
        right: WIDTH - 10.0,
    };
    let row = 36.0;
    let top = 20.0;
    let height = top + row * phases.len().max(1) as f64 + 14.0;
    let description = if phases.is_empty() {
        format!("No phases are planned yet for {title}.")
    } else {
        let mut d = format!(
            "{} phases from {} to {}. ",
            phases.len(),
            span.start,
            span.end
        );
        d.push_str(
            &phases
                .iter()
                .enumerate()
                .map(|(i, p)| describe(i + 1, p))
                .collect::<Vec<_>>()
                .join(" "),
        );
        d
    };
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    html! {
        svg xmlns=(SVG_NS) class="timeline" viewBox={ "0 0 " (fmt(WIDTH)) " " (fmt(height)) }
            width="100%" role="img" aria-labelledby={ (title_id) " " (desc_id) }
            font-family="system-ui, sans-serif" {
            title id=(title_id) { "Timeline of " (title) }
            desc id=(desc_id) { (description) }
            rect x="0" y="0" width=(fmt(WIDTH)) height=(fmt(height)) fill="#ffffff" {}
            (month_ticks(&axis, 0.0, height))
            @for (i, p) in phases.iter().enumerate() {
                @let y = top + row * i as f64;
                @let (x, w) = axis.bar(p.dates);
                @let label = format!("{}. {} · {}", i + 1, p.title, itp_domain::format::date_span(p.dates.start, p.dates.end, itp_domain::format::Lang::En));
                @let anchor_end = x > WIDTH * 0.6;
                g {
                    title { (describe(i + 1, p)) }
                    text x=(fmt(if anchor_end { x + w } else { x })) y=(fmt(y + 12.0)) font-size="12"
                        fill="#1b1f24" text-anchor=(if anchor_end { "end" } else { "start" }) { (label) }
                    rect x=(fmt(x)) y=(fmt(y + 16.0)) width=(fmt(w)) height="12" rx="2"
                        fill=(kind_colour(p.kind)) {}
                    @if let Some(v) = p.study_visits {
                        @let (vx, vw) = axis.bar(v);
                        rect x=(fmt(vx)) y=(fmt(y + 16.0)) width=(fmt(vw)) height="12" fill=(STUDY_VISITS) {}
                    }
                }
            }
            (today_marker(&axis, today, 0.0, height))
        }
    }
}

/// One line of the year overview.
pub struct OverviewRow<'a> {
    pub label: String,
    pub href: String,
    pub phases: Vec<&'a Phase>,
}

/// Every cohort touching `year` as a row, its phases cut to the year.
pub fn year_overview(year: i32, rows: &[OverviewRow<'_>], today: NaiveDate) -> Markup {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return html! {};
    };
    let span = DateSpan {
        start: first,
        end: last,
    };
    let label_width = 300.0;
    let axis = Axis {
        span,
        left: label_width,
        right: WIDTH - 10.0,
    };
    let row = 26.0;
    let top = 20.0;
    let height = top + row * rows.len().max(1) as f64 + 10.0;
    let phases_in_year: usize = rows
        .iter()
        .map(|r| r.phases.iter().filter(|p| p.dates.overlaps(&span)).count())
        .sum();
    // A group, not an image: the cohort names are links, and an image's content is
    // presentational (axe-core: nested-interactive, found by the browser journeys).
    html! {
        svg xmlns=(SVG_NS) class="timeline" viewBox={ "0 0 " (fmt(WIDTH)) " " (fmt(height)) }
            width="100%" role="group" aria-labelledby="overview-title overview-desc"
            font-family="system-ui, sans-serif" {
            title #overview-title { "Cohorts and phases in " (year) }
            desc #overview-desc {
                (rows.len()) " cohorts with " (phases_in_year) " phases in " (year)
                ". The table below lists the same phases with their dates."
            }
            rect x="0" y="0" width=(fmt(WIDTH)) height=(fmt(height)) fill="#ffffff" {}
            (month_ticks(&axis, 0.0, height))
            @for (i, r) in rows.iter().enumerate() {
                @let y = top + row * i as f64;
                g {
                    a href=(r.href) {
                        text x="6" y=(fmt(y + 15.0)) font-size="12" fill="#0b5394" { (truncate(&r.label, 44)) }
                    }
                    @for p in r.phases.iter().filter(|p| p.dates.overlaps(&span)) {
                        @let (x, w) = axis.bar(p.dates);
                        rect x=(fmt(x)) y=(fmt(y + 5.0)) width=(fmt(w)) height="14" rx="2" fill=(kind_colour(p.kind)) {
                            title { (r.label) ": " (p.title) ", " (itp_domain::format::date_span(p.dates.start, p.dates.end, itp_domain::format::Lang::En)) }
                        }
                    }
                }
            }
            (today_marker(&axis, today, 0.0, height))
        }
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

/// The colour key shared by both pictures.
pub fn legend() -> Markup {
    html! {
        ul.legend aria-label="Colour key" {
            @for &k in PhaseKind::ALL {
                li { span.swatch data-kind=(k.code()) {} (k.label()) }
            }
            li { span.swatch data-kind="study_visits" {} "Study visits" }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use itp_domain::phase::PhaseInput;

    fn phase(kind: &str, start: &str, end: &str) -> Phase {
        PhaseInput {
            kind: kind.into(),
            title: "A & B <phase>".into(),
            starts_on: start.into(),
            ends_on: end.into(),
            country: if kind == "regional_workshop" {
                "ZM".into()
            } else {
                String::new()
            },
            ..Default::default()
        }
        .validate(DateSpan::new(
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2028, 12, 31).unwrap(),
        ))
        .unwrap()
    }

    #[test]
    fn the_timeline_is_titled_described_and_escaped() {
        let a = phase("regional_workshop", "2027-02-15", "2027-02-18");
        let b = phase("online", "2027-05-01", "2027-05-01");
        let svg = cohort_timeline(
            "t1",
            "GM 2027",
            None,
            &[&a, &b],
            NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
        )
        .into_string();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"t1-title\">Timeline of GM 2027</title>"));
        assert!(svg.contains("2 phases from 2027-02-15 to 2027-05-01"));
        assert!(svg.contains("A &amp; B &lt;phase&gt;"));
        assert!(svg.contains("Today"));
        assert_eq!(
            svg.matches("<rect").count(),
            3,
            "background and one bar per phase"
        );
        assert!(!svg.contains("<rect x=\"NaN"));
    }

    #[test]
    fn the_year_overview_is_a_group_so_its_cohort_links_stay_reachable() {
        let a = phase("regional_workshop", "2027-02-15", "2027-02-18");
        let rows = [OverviewRow {
            label: "GM · GM 2027".into(),
            href: "/cohorts/7".into(),
            phases: vec![&a],
        }];
        let svg =
            year_overview(2027, &rows, NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()).into_string();
        assert!(svg.contains("role=\"group\""));
        assert!(!svg.contains("role=\"img\""), "an image may not hold links");
        assert!(svg.contains("href=\"/cohorts/7\""));
    }

    #[test]
    fn bars_stay_inside_the_picture() {
        let axis = Axis {
            span: DateSpan::new(
                NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
            )
            .unwrap(),
            left: 10.0,
            right: 950.0,
        };
        let (x, w) = axis.bar(
            DateSpan::new(
                NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                NaiveDate::from_ymd_opt(2028, 2, 1).unwrap(),
            )
            .unwrap(),
        );
        assert!(x >= 10.0 && x + w <= 950.0 + 0.001);
        assert_eq!(axis.months().len(), 12);
    }
}
