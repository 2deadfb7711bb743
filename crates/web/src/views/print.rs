//! What printed pages share: the organisation's letterhead (shown only on paper) and a Print
//! button. The stylesheet's `@media print` rules fit the page to A4 with page numbers and without
//! navigation or flash messages.

use maud::{Markup, html};

/// The organisation that sends statements and letters, as its letterhead reads.
pub const ORGANISATION: &str = "ICLD · Swedish International Centre for Local Democracy";
pub const ORGANISATION_ADDRESS: &str = "Visby, Sweden · icld.se";

/// The letterhead at the top of a printed page; hidden on screen, where the site header is.
pub fn letterhead() -> Markup {
    html! {
        div.letterhead aria-hidden="true" {
            strong { (ORGANISATION) }
            br;
            span { (ORGANISATION_ADDRESS) }
        }
    }
}

/// A Print button. Printing needs the browser's script, so the button appears only when
/// `print.js` runs; without it the note tells the person how to print.
pub fn print_button(what: &str) -> Markup {
    html! {
        div.print-actions.no-print {
            button.secondary type="button" data-print hidden { "Print " (what) }
            noscript { p.hint { "To print " (what) ", use your browser's Print command (Ctrl+P or ⌘P)." } }
            script src="/static/print.js" defer {}
        }
    }
}
