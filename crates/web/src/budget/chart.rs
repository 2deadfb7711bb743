//! The burn chart, drawn on the server as SVG: the plan as a level line, committed and actual
//! as cumulative steps over time. It carries a title and description for screen readers, and
//! the page shows the same numbers as a table beside it.

use chrono::NaiveDate;
use itp_domain::format::{self, Lang};
use maud::{Markup, html};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

const W: f64 = 640.0;
const H: f64 = 240.0;
const PAD_L: f64 = 56.0;
const PAD_R: f64 = 12.0;
const PAD_T: f64 = 12.0;
const PAD_B: f64 = 28.0;

/// Coordinates only: amounts are drawn as floats, never stored or summed as such.
fn coord(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

pub fn burn_chart(
    lang: Lang,
    planned: Decimal,
    points: &[(NaiveDate, Decimal, Decimal)],
) -> Markup {
    let title = "Budget burn chart";
    let desc = match (points.first(), points.last()) {
        (Some(first), Some(last)) => format!(
            "From {} to {}: planned {}, committed {}, actual {}.",
            format::date(first.0, lang),
            format::date(last.0, lang),
            format::money(&itp_domain::Money::sek(planned), lang),
            format::money(&itp_domain::Money::sek(last.1), lang),
            format::money(&itp_domain::Money::sek(last.2), lang),
        ),
        _ => "Nothing committed yet.".to_owned(),
    };
    let top = points
        .iter()
        .map(|p| p.1.max(p.2))
        .fold(planned, Decimal::max)
        .max(Decimal::ONE);
    let (first, last) = match (points.first(), points.last()) {
        (Some(f), Some(l)) => (f.0, l.0),
        _ => return html! { p.empty { (desc) } },
    };
    let days = (last - first).num_days().max(1) as f64;
    let x = |d: NaiveDate| PAD_L + (d - first).num_days() as f64 / days * (W - PAD_L - PAD_R);
    let y = |v: Decimal| PAD_T + (1.0 - coord(v) / coord(top)) * (H - PAD_T - PAD_B);
    let steps = |pick: fn(&(NaiveDate, Decimal, Decimal)) -> Decimal| {
        let mut d = format!("M{:.1},{:.1}", x(first), y(Decimal::ZERO));
        for p in points {
            d.push_str(&format!(" H{:.1} V{:.1}", x(p.0), y(pick(p))));
        }
        d.push_str(&format!(" H{:.1}", W - PAD_R));
        d
    };
    let plan_y = y(planned);
    html! {
        figure.burn-chart {
            svg viewBox={ "0 0 " (W) " " (H) } role="img" aria-labelledby="burn-title burn-desc" width="100%" {
                title #burn-title { (title) }
                desc #burn-desc { (desc) }
                line x1=(PAD_L) y1=(H - PAD_B) x2=(W - PAD_R) y2=(H - PAD_B) stroke="#555" {}
                line x1=(PAD_L) y1=(PAD_T) x2=(PAD_L) y2=(H - PAD_B) stroke="#555" {}
                line x1=(PAD_L) y1=(format!("{plan_y:.1}")) x2=(W - PAD_R) y2=(format!("{plan_y:.1}"))
                    stroke="#1d4ed8" stroke-dasharray="6 4" stroke-width="2" {}
                path d=(steps(|p| p.1)) fill="none" stroke="#b45309" stroke-width="2" {}
                path d=(steps(|p| p.2)) fill="none" stroke="#15803d" stroke-width="2" {}
                text x="4" y=(format!("{:.1}", plan_y + 4.0)) font-size="11" { "plan" }
                text x=(PAD_L) y=(H - 8.0) font-size="11" { (format::date_short(first, lang)) }
                text x=(W - PAD_R) y=(H - 8.0) font-size="11" text-anchor="end" { (format::date_short(last, lang)) }
            }
            figcaption {
                span.key-plan { "– – planned" } " · " span.key-committed { "— committed" } " · " span.key-actual { "— actual" }
            }
        }
    }
}
