//! Pages in Swedish and English through Project Fluent: one `.ftl` file per language and area
//! under `crates/web/locales/`, compiled into the binary. The language is the one the person
//! chose (a cookie set by the switch in the page frame), else the first of theirs the browser
//! asks for (`Accept-Language`) that we have, else the page's own default (Swedish for host
//! pages, English elsewhere).

pub mod format;
mod lang;
pub mod routes;

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use lang::{COOKIE, Lang, Preference, own_name};

/// The message files of each language; every id must be in all of them (a test holds them to
/// it).
const EN: &[&str] = &[
    include_str!("../../locales/en/layout.ftl"),
    include_str!("../../locales/en/hosts.ftl"),
];
const SV: &[&str] = &[
    include_str!("../../locales/sv/layout.ftl"),
    include_str!("../../locales/sv/hosts.ftl"),
];

type Bundle = FluentBundle<FluentResource>;

fn build(lang: Lang, sources: &[&str]) -> Bundle {
    let mut bundle = FluentBundle::new_concurrent(vec![lang::langid(lang)]);
    // Isolation marks (U+2068/U+2069) around arguments would end up in mail and page titles.
    bundle.set_use_isolating(false);
    for source in sources {
        let resource = FluentResource::try_new((*source).to_owned())
            .unwrap_or_else(|(_, errors)| panic!("a locale file does not parse: {errors:?}"));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("a message is defined twice: {errors:?}"));
    }
    bundle
}

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<(Bundle, Bundle)> = OnceLock::new();
    let (en, sv) = BUNDLES.get_or_init(|| (build(Lang::En, EN), build(Lang::Sv, SV)));
    match lang {
        Lang::En => en,
        Lang::Sv => sv,
    }
}

fn format(lang: Lang, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let bundle = bundle(lang);
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "a translated message did not format cleanly");
    }
    Some(text.into_owned())
}

/// The message `id` in `lang`; English when the language lacks it, the id itself when no
/// language has it (so a text that is not an id, such as a domain message, shows as it is).
pub fn t(lang: Lang, id: &str) -> String {
    format(lang, id, None)
        .or_else(|| format(Lang::En, id, None))
        .unwrap_or_else(|| id.to_owned())
}

/// The message `id` with its arguments.
pub fn t_args(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fluent.set(*name, FluentValue::from(*s)),
            Arg::Number(n) => fluent.set(*name, FluentValue::from(*n)),
        }
    }
    format(lang, id, Some(&fluent))
        .or_else(|| format(Lang::En, id, Some(&fluent)))
        .unwrap_or_else(|| id.to_owned())
}

/// An argument of a message: a text, or a number that chooses the plural form.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(i64),
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn ids(sources: &[&str]) -> BTreeSet<String> {
        sources
            .iter()
            .flat_map(|s| s.lines())
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    #[test]
    fn both_languages_have_every_message() {
        let (en, sv) = (ids(EN), ids(SV));
        assert!(en.len() > 50, "{} messages", en.len());
        let missing_sv: Vec<_> = en.difference(&sv).collect();
        let missing_en: Vec<_> = sv.difference(&en).collect();
        assert!(missing_sv.is_empty(), "not in Swedish: {missing_sv:?}");
        assert!(missing_en.is_empty(), "not in English: {missing_en:?}");
        for id in &en {
            assert!(
                format(Lang::En, id, None).is_some(),
                "{id} has no value in English"
            );
            assert!(
                format(Lang::Sv, id, None).is_some(),
                "{id} has no value in Swedish"
            );
        }
    }

    #[test]
    fn messages_are_translated_with_their_arguments_and_plurals() {
        assert_eq!(t(Lang::Sv, "layout-skip"), "Hoppa till innehållet");
        assert_eq!(t(Lang::En, "layout-skip"), "Skip to content");
        assert_eq!(
            t_args(Lang::Sv, "hosts-visitors", &[("count", Arg::Number(1))]),
            "1 besökare"
        );
        assert_eq!(
            t_args(Lang::En, "hosts-visitors", &[("count", Arg::Number(3))]),
            "3 visitors"
        );
        assert_eq!(t(Lang::Sv, "no such message"), "no such message");
    }
}
