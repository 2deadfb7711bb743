//! Which language a page is in: the person's choice, the browser's wish, or the page's default.

pub use itp_domain::format::Lang;
use unic_langid::LanguageIdentifier;

/// The cookie the language switch sets: `en` or `sv`.
pub const COOKIE: &str = "itp_lang";

/// The language's name in itself, as the switch shows it.
pub fn own_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Sv => "Svenska",
    }
}

pub(super) fn langid(lang: Lang) -> LanguageIdentifier {
    lang.tag()
        .parse()
        .expect("en and sv are language identifiers")
}

/// What a request says about its language, before the page adds its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Preference {
    /// Chosen with the switch (the cookie).
    pub chosen: Option<Lang>,
    /// The browser's first wish that we have, by its q-values.
    pub browser: Option<Lang>,
}

impl Preference {
    pub fn from_headers(cookie_header: Option<&str>, accept_language: Option<&str>) -> Preference {
        let chosen = cookie_header.and_then(|header| {
            header
                .split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(name, _)| *name == COOKIE)
                .and_then(|(_, value)| Lang::from_tag(value))
        });
        Preference {
            chosen,
            browser: accept_language.and_then(browser_wish),
        }
    }

    /// The page's language, with `default` when nothing says otherwise.
    pub fn or(self, default: Lang) -> Lang {
        self.chosen.or(self.browser).unwrap_or(default)
    }
}

/// The first language of `Accept-Language` (RFC 9110 12.5.4) that we have, by weight; equal
/// weights keep their order. `*` and languages with q=0 are never chosen.
fn browser_wish(header: &str) -> Option<Lang> {
    let mut wishes: Vec<(u16, usize, Lang)> = header
        .split(',')
        .take(20)
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let lang = Lang::from_tag(parts.next()?)?;
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), |q| {
                    q.trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|q| (0.0..=1.0).contains(q))
                        .map(|q| (q * 1000.0) as u16)
                })?;
            (q > 0).then_some((q, i, lang))
        })
        .collect();
    wishes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    wishes.first().map(|w| w.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_beats_the_browser_which_beats_the_page_default() {
        let p =
            Preference::from_headers(Some("itp_session=x; itp_lang=en"), Some("sv-SE,sv;q=0.9"));
        assert_eq!(p.or(Lang::Sv), Lang::En);
        let p = Preference::from_headers(None, Some("sv-SE,sv;q=0.9,en;q=0.8"));
        assert_eq!(p.or(Lang::En), Lang::Sv);
        let p = Preference::from_headers(Some("itp_lang=fi"), Some("de-DE"));
        assert_eq!(p.or(Lang::Sv), Lang::Sv);
        assert_eq!(Preference::default().or(Lang::En), Lang::En);
    }

    #[test]
    fn browser_weights_are_read() {
        assert_eq!(browser_wish("en;q=0.5, sv;q=0.8"), Some(Lang::Sv));
        assert_eq!(browser_wish("fr, en-GB;q=0.7, sv;q=0.7"), Some(Lang::En));
        assert_eq!(browser_wish("sv;q=0, *"), None);
        assert_eq!(browser_wish("sv;q=2"), None);
        assert_eq!(browser_wish(""), None);
    }
}
