//! Countries and territories: ISO 3166-1 alpha-2 codes, plus `XK` for Kosovo (a user-assigned code
//! that the EU, Skatteverket's partners and most travel systems use; ISO has none for Kosovo).
//!
//! Each country has an English name for display and a Swedish name. The Swedish name is spelled
//! exactly as on Skatteverket's normalbelopp list where that list has the country (so its open
//! data maps onto codes), and follows common Swedish usage otherwise, so that a newer list naming a
//! country for the first time still maps.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A country or territory.
#[derive(Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2, upper case (`XK` for Kosovo).
    pub code: &'static str,
    /// Short English name, for display.
    pub name_en: &'static str,
    /// Swedish name: Skatteverket's spelling where its normalbelopp list has the country.
    pub name_sv: &'static str,
}

const fn c(code: &'static str, name_en: &'static str, name_sv: &'static str) -> Country {
    Country {
        code,
        name_en,
        name_sv,
    }
}

/// Sorted by code (a test checks), so lookups can search by halves.
static COUNTRIES: [Country; 250] = [
    c("AD", "Andorra", "Andorra"),
    c("AE", "United Arab Emirates", "Förenade Arabemiraten"),
    c("AF", "Afghanistan", "Afghanistan"),
    c("AG", "Antigua and Barbuda", "Antigua och Barbuda"),
    c("AI", "Anguilla", "Anguilla"),
    c("AL", "Albania", "Albanien"),
    c("AM", "Armenia", "Armenien"),
    c("AO", "Angola", "Angola"),
    c("AQ", "Antarctica", "Antarktis"),
    c("AR", "Argentina", "Argentina"),
    c("AS", "American Samoa", "Amerikanska Samoa"),
    c("AT", "Austria", "Österrike"),
    c("AU", "Australia", "Australien"),
    c("AW", "Aruba", "Aruba"),
    c("AX", "Åland Islands", "Åland"),
    c("AZ", "Azerbaijan", "Azerbajdzjan"),
    c("BA", "Bosnia and Herzegovina", "Bosnien-Hercegovina"),
    c("BB", "Barbados", "Barbados"),
    c("BD", "Bangladesh", "Bangladesh"),
    c("BE", "Belgium", "Belgien"),
    c("BF", "Burkina Faso", "Burkina Faso"),
    c("BG", "Bulgaria", "Bulgarien"),
    c("BH", "Bahrain", "Bahrain"),
    c("BI", "Burundi", "Burundi"),
    c("BJ", "Benin", "Benin"),
    c("BL", "Saint Barthélemy", "Saint-Barthélemy"),
    c("BM", "Bermuda", "Bermuda"),
    c("BN", "Brunei Darussalam", "Brunei Darussalam"),
    c("BO", "Bolivia", "Bolivia"),
    c(
        "BQ",
        "Bonaire, Sint Eustatius and Saba",
        "Bonaire, Sint Eustatius och Saba",
    ),
    c("BR", "Brazil", "Brasilien"),
    c("BS", "Bahamas", "Bahamas"),
    c("BT", "Bhutan", "Bhutan"),
    c("BV", "Bouvet Island", "Bouvetön"),
    c("BW", "Botswana", "Botswana"),
    c("BY", "Belarus", "Belarus"),
    c("BZ", "Belize", "Belize"),
    c("CA", "Canada", "Kanada"),
    c("CC", "Cocos (Keeling) Islands", "Kokosöarna"),
    c(
        "CD",
        "Congo (Democratic Republic)",
        "Kongo (Demokratiska Republiken)",
    ),
    c(
        "CF",
        "Central African Republic",
        "Centralafrikanska republiken",
    ),
    c("CG", "Congo", "Kongo (Brazzaville)"),
    c("CH", "Switzerland", "Schweiz"),
    c("CI", "Côte d'Ivoire", "Elfenbenskusten"),
    c("CK", "Cook Islands", "Cooköarna"),
    c("CL", "Chile", "Chile"),
    c("CM", "Cameroon", "Kamerun"),
    c("CN", "China", "Kina"),
    c("CO", "Colombia", "Colombia"),
    c("CR", "Costa Rica", "Costa Rica"),
    c("CU", "Cuba", "Kuba"),
    c("CV", "Cabo Verde", "Kap Verde"),
    c("CW", "Curaçao", "Curaçao"),
    c("CX", "Christmas Island", "Julön"),
    c("CY", "Cyprus", "Cypern"),
    c("CZ", "Czechia", "Tjeckien"),
    c("DE", "Germany", "Tyskland"),
    c("DJ", "Djibouti", "Djibouti"),
    c("DK", "Denmark", "Danmark"),
    c("DM", "Dominica", "Dominica"),
    c("DO", "Dominican Republic", "Dominikanska republiken"),
    c("DZ", "Algeria", "Algeriet"),
    c("EC", "Ecuador", "Ecuador"),
    c("EE", "Estonia", "Estland"),
    c("EG", "Egypt", "Egypten"),
    c("EH", "Western Sahara", "Västsahara"),
    c("ER", "Eritrea", "Eritrea"),
    c("ES", "Spain", "Spanien"),
    c("ET", "Ethiopia", "Etiopien"),
    c("FI", "Finland", "Finland"),
    c("FJ", "Fiji", "Fiji"),
    c("FK", "Falkland Islands", "Falklandsöarna"),
    c("FM", "Micronesia", "Mikronesien"),
    c("FO", "Faroe Islands", "Färöarna"),
    c("FR", "France", "Frankrike"),
    c("GA", "Gabon", "Gabon"),
    c("GB", "United Kingdom", "Storbritannien och Nordirland"),
    c("GD", "Grenada", "Grenada"),
    c("GE", "Georgia", "Georgien"),
    c("GF", "French Guiana", "Franska Guyana"),
    c("GG", "Guernsey", "Guernsey"),
    c("GH", "Ghana", "Ghana"),
    c("GI", "Gibraltar", "Gibraltar"),
    c("GL", "Greenland", "Grönland"),
    c("GM", "Gambia", "Gambia"),
    c("GN", "Guinea", "Guinea"),
    c("GP", "Guadeloupe", "Guadeloupe"),
    c("GQ", "Equatorial Guinea", "Ekvatorialguinea"),
    c("GR", "Greece", "Grekland"),
    c(
        "GS",
        "South Georgia and the South Sandwich Islands",
        "Sydgeorgien och Sydsandwichöarna",
    ),
    c("GT", "Guatemala", "Guatemala"),
    c("GU", "Guam", "Guam"),
    c("GW", "Guinea-Bissau", "Guinea-Bissau"),
    c("GY", "Guyana", "Guyana"),
    c("HK", "Hong Kong", "Hong Kong"),
    c(
        "HM",
        "Heard Island and McDonald Islands",
        "Heard- och McDonaldöarna",
    ),
    c("HN", "Honduras", "Honduras"),
    c("HR", "Croatia", "Kroatien"),
    c("HT", "Haiti", "Haiti"),
    c("HU", "Hungary", "Ungern"),
    c("ID", "Indonesia", "Indonesien"),
    c("IE", "Ireland", "Irland"),
    c("IL", "Israel", "Israel"),
    c("IM", "Isle of Man", "Isle of Man"),
    c("IN", "India", "Indien"),
    c(
        "IO",
        "British Indian Ocean Territory",
        "Brittiska territoriet i Indiska oceanen",
    ),
    c("IQ", "Iraq", "Irak"),
    c("IR", "Iran", "Iran"),
    c("IS", "Iceland", "Island"),
    c("IT", "Italy", "Italien"),
    c("JE", "Jersey", "Jersey"),
    c("JM", "Jamaica", "Jamaica"),
    c("JO", "Jordan", "Jordanien"),
    c("JP", "Japan", "Japan"),
    c("KE", "Kenya", "Kenya"),
    c("KG", "Kyrgyzstan", "Kirgizistan"),
    c("KH", "Cambodia", "Kambodja"),
    c("KI", "Kiribati", "Kiribati"),
    c("KM", "Comoros", "Komorerna"),
    c("KN", "Saint Kitts and Nevis", "Saint Kitts och Nevis"),
    c("KP", "North Korea", "Nordkorea"),
    c("KR", "South Korea", "Sydkorea"),
    c("KW", "Kuwait", "Kuwait"),
    c("KY", "Cayman Islands", "Caymanöarna"),
    c("KZ", "Kazakhstan", "Kazakstan"),
    c("LA", "Laos", "Laos"),
    c("LB", "Lebanon", "Libanon"),
    c("LC", "Saint Lucia", "Saint Lucia"),
    c("LI", "Liechtenstein", "Liechtenstein"),
    c("LK", "Sri Lanka", "Sri Lanka"),
    c("LR", "Liberia", "Liberia"),
    c("LS", "Lesotho", "Lesotho"),
    c("LT", "Lithuania", "Litauen"),
    c("LU", "Luxembourg", "Luxemburg"),
    c("LV", "Latvia", "Lettland"),
    c("LY", "Libya", "Libyen"),
    c("MA", "Morocco", "Marocko"),
    c("MC", "Monaco", "Monaco"),
    c("MD", "Moldova", "Moldavien"),
    c("ME", "Montenegro", "Montenegro"),
    c(
        "MF",
        "Saint Martin (French part)",
        "Saint-Martin (franska delen)",
    ),
    c("MG", "Madagascar", "Madagaskar"),
    c("MH", "Marshall Islands", "Marshallöarna"),
    c("MK", "North Macedonia", "Nordmakedonien"),
    c("ML", "Mali", "Mali"),
    c("MM", "Myanmar", "Myanmar"),
    c("MN", "Mongolia", "Mongoliet"),
    c("MO", "Macao", "Macao"),
    c("MP", "Northern Mariana Islands", "Nordmarianerna"),
    c("MQ", "Martinique", "Martinique"),
    c("MR", "Mauritania", "Mauretanien"),
    c("MS", "Montserrat", "Montserrat"),
    c("MT", "Malta", "Malta"),
    c("MU", "Mauritius", "Mauritius"),
    c("MV", "Maldives", "Maldiverna"),
    c("MW", "Malawi", "Malawi"),
    c("MX", "Mexico", "Mexiko"),
    c("MY", "Malaysia", "Malaysia"),
    c("MZ", "Mozambique", "Mocambique"),
    c("NA", "Namibia", "Namibia"),
    c("NC", "New Caledonia", "Nya Kaledonien"),
    c("NE", "Niger", "Niger"),
    c("NF", "Norfolk Island", "Norfolkön"),
    c("NG", "Nigeria", "Nigeria"),
    c("NI", "Nicaragua", "Nicaragua"),
    c("NL", "Netherlands", "Nederländerna"),
    c("NO", "Norway", "Norge"),
    c("NP", "Nepal", "Nepal"),
    c("NR", "Nauru", "Nauru"),
    c("NU", "Niue", "Niue"),
    c("NZ", "New Zealand", "Nya Zeeland"),
    c("OM", "Oman", "Oman"),
    c("PA", "Panama", "Panama"),
    c("PE", "Peru", "Peru"),
    c("PF", "French Polynesia", "Franska Polynesien"),
    c("PG", "Papua New Guinea", "Papua Nya Guinea"),
    c("PH", "Philippines", "Filippinerna"),
    c("PK", "Pakistan", "Pakistan"),
    c("PL", "Poland", "Polen"),
    c(
        "PM",
        "Saint Pierre and Miquelon",
        "Saint-Pierre och Miquelon",
    ),
    c("PN", "Pitcairn", "Pitcairnöarna"),
    c("PR", "Puerto Rico", "Puerto Rico"),
    c("PS", "Palestine", "Palestina"),
    c("PT", "Portugal", "Portugal"),
    c("PW", "Palau", "Palau"),
    c("PY", "Paraguay", "Paraguay"),
    c("QA", "Qatar", "Qatar"),
    c("RE", "Réunion", "Réunion"),
    c("RO", "Romania", "Rumänien"),
    c("RS", "Serbia", "Serbien"),
    c("RU", "Russia", "Ryssland"),
    c("RW", "Rwanda", "Rwanda"),
    c("SA", "Saudi Arabia", "Saudiarabien"),
    c("SB", "Solomon Islands", "Salomonöarna"),
    c("SC", "Seychelles", "Seychellerna"),
    c("SD", "Sudan", "Sudan"),
    c("SE", "Sweden", "Sverige"),
    c("SG", "Singapore", "Singapore"),
    c(
        "SH",
        "Saint Helena, Ascension and Tristan da Cunha",
        "Sankta Helena, Ascension och Tristan da Cunha",
    ),
    c("SI", "Slovenia", "Slovenien"),
    c("SJ", "Svalbard and Jan Mayen", "Svalbard och Jan Mayen"),
    c("SK", "Slovakia", "Slovakien"),
    c("SL", "Sierra Leone", "Sierra Leone"),
    c("SM", "San Marino", "San Marino"),
    c("SN", "Senegal", "Senegal"),
    c("SO", "Somalia", "Somalia"),
    c("SR", "Suriname", "Surinam"),
    c("SS", "South Sudan", "Sydsudan"),
    c("ST", "Sao Tome and Principe", "São Tomé och Príncipe"),
    c("SV", "El Salvador", "El Salvador"),
    c("SX", "Sint Maarten (Dutch part)", "Sint Maarten"),
    c("SY", "Syria", "Syrien"),
    c("SZ", "Eswatini", "Eswatini"),
    c("TC", "Turks and Caicos Islands", "Turks- och Caicosöarna"),
    c("TD", "Chad", "Tchad"),
    c(
        "TF",
        "French Southern Territories",
        "Franska sydterritorierna",
    ),
    c("TG", "Togo", "Togo"),
    c("TH", "Thailand", "Thailand"),
    c("TJ", "Tajikistan", "Tadzjikistan"),
    c("TK", "Tokelau", "Tokelau"),
    c("TL", "Timor-Leste", "Östtimor"),
    c("TM", "Turkmenistan", "Turkmenistan"),
    c("TN", "Tunisia", "Tunisien"),
    c("TO", "Tonga", "Tonga"),
    c("TR", "Türkiye", "Turkiet"),
    c("TT", "Trinidad and Tobago", "Trinidad och Tobago"),
    c("TV", "Tuvalu", "Tuvalu"),
    c("TW", "Taiwan", "Taiwan"),
    c("TZ", "Tanzania", "Tanzania"),
    c("UA", "Ukraine", "Ukraina"),
    c("UG", "Uganda", "Uganda"),
    c(
        "UM",
        "United States Minor Outlying Islands",
        "USA:s avlägsna småöar",
    ),
    c("US", "United States", "USA"),
    c("UY", "Uruguay", "Uruguay"),
    c("UZ", "Uzbekistan", "Uzbekistan"),
    c("VA", "Holy See", "Vatikanstaten"),
    c(
        "VC",
        "Saint Vincent and the Grenadines",
        "Saint Vincent och Grenadinerna",
    ),
    c("VE", "Venezuela", "Venezuela"),
    c("VG", "British Virgin Islands", "Brittiska Jungfruöarna"),
    c("VI", "U.S. Virgin Islands", "Amerikanska Jungfruöarna"),
    c("VN", "Viet Nam", "Vietnam"),
    c("VU", "Vanuatu", "Vanuatu"),
    c("WF", "Wallis and Futuna", "Wallis- och Futunaöarna"),
    c("WS", "Samoa", "Samoa, Självständiga staten"),
    c("XK", "Kosovo", "Kosovo"),
    c("YE", "Yemen", "Jemen"),
    c("YT", "Mayotte", "Mayotte"),
    c("ZA", "South Africa", "Sydafrika"),
    c("ZM", "Zambia", "Zambia"),
    c("ZW", "Zimbabwe", "Zimbabwe"),
];

/// Swedish names that are not a country's own name: former names that Skatteverket still lists
/// with a reference to the current one ("Burma: Se Myanmar"), common variants, and names that stand
/// for several codes. Nederländska Antillerna was dissolved in 2010 (ISO withdrew `AN`); its rate
/// applies to the islands that succeeded it: Curaçao, Sint Maarten and the Caribbean Netherlands.
static OTHER_SWEDISH_NAMES: &[(&str, &[&str])] = &[
    ("Burma", &["MM"]),
    ("Makedonien", &["MK"]),
    ("Swaziland", &["SZ"]),
    ("Vitryssland", &["BY"]),
    ("Nederländska Antillerna", &["CW", "SX", "BQ"]),
    ("Moçambique", &["MZ"]),
    ("Förenta staterna", &["US"]),
    ("Storbritannien", &["GB"]),
    ("Samoa", &["WS"]),
    ("Demokratiska republiken Kongo", &["CD"]),
    ("Republiken Kongo", &["CG"]),
    ("Brunei", &["BN"]),
    ("Tjeckiska republiken", &["CZ"]),
];

/// All countries and territories, sorted by code.
pub fn all() -> &'static [Country] {
    &COUNTRIES
}

/// The country with this code, whatever its case (`ug`, `UG`).
pub fn by_code(code: &str) -> Option<&'static Country> {
    let code = code.trim().as_bytes();
    let [a, b] = code else {
        return None;
    };
    let key = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
    COUNTRIES
        .binary_search_by(|c| c.code.as_bytes().cmp(&key[..]))
        .ok()
        .map(|i| &COUNTRIES[i])
}

/// The code for a Swedish country name as Skatteverket writes it, tolerant of case and spacing.
/// A name that stands for several codes (Nederländska Antillerna) gives the first; use
/// [`lookup_swedish_name`] to get them all.
pub fn code_for_swedish_name(name: &str) -> Option<&'static str> {
    lookup_swedish_name(name).and_then(|m| m.codes.first().copied())
}

/// What a Swedish country name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwedishNameMatch {
    /// One code, or several for a name that covers several of today's countries.
    pub codes: &'static [&'static str],
    /// True when the name is the country's own (current) Swedish name, false for a former name,
    /// a variant or a group: an importer lets a country's own row win over such rows.
    pub own_name: bool,
}

/// Looks up a Swedish country name, tolerant of case and spacing.
pub fn lookup_swedish_name(name: &str) -> Option<SwedishNameMatch> {
    let wanted = normalise_name(name);
    if wanted.is_empty() {
        return None;
    }
    if let Some(country) = COUNTRIES
        .iter()
        .find(|c| normalise_name(c.name_sv) == wanted)
    {
        return Some(SwedishNameMatch {
            codes: std::slice::from_ref(&country.code),
            own_name: true,
        });
    }
    OTHER_SWEDISH_NAMES
        .iter()
        .find(|(other, _)| normalise_name(other) == wanted)
        .map(|(_, codes)| SwedishNameMatch {
            codes,
            own_name: false,
        })
}

/// Lower case with runs of whitespace as one space, so "Kongo  (Brazzaville)" and
/// "kongo (brazzaville)" are the same name.
pub(crate) fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .flat_map(|word| word.chars().chain(std::iter::once(' ')))
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// A code that is in the country table: parsed once, then always valid.
#[derive(Clone, Copy)]
pub struct CountryCode(&'static Country);

impl CountryCode {
    /// Parses a code in any case, `ug` or `UG`.
    pub fn parse(code: &str) -> Result<CountryCode, UnknownCountry> {
        by_code(code)
            .map(CountryCode)
            .ok_or_else(|| UnknownCountry(code.to_owned()))
    }

    /// Sweden, whose days take the domestic maximum amount.
    pub fn sweden() -> CountryCode {
        CountryCode::parse("SE").unwrap_or_else(|_| unreachable!("SE is in the country table"))
    }

    pub fn is_sweden(&self) -> bool {
        self.0.code == "SE"
    }

    /// The upper-case code, `UG`.
    pub fn as_str(&self) -> &'static str {
        self.0.code
    }

    /// The English name, for display.
    pub fn name(&self) -> &'static str {
        self.0.name_en
    }

    pub fn country(&self) -> &'static Country {
        self.0
    }
}

impl PartialEq for CountryCode {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for CountryCode {}

impl std::hash::Hash for CountryCode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for CountryCode {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CountryCode {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CountryCode {
    type Err = UnknownCountry;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CountryCode::parse(s)
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CountryCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a country code (ISO 3166-1 alpha-2, such as UG; XK for Kosovo)")]
pub struct UnknownCountry(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_by_code_without_duplicates() {
        for pair in COUNTRIES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} then {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn table_holds_every_iso_code_plus_kosovo() {
        // ISO 3166-1 has 249 officially assigned codes; XK makes 250.
        assert_eq!(all().len(), 250);
        assert!(all().iter().all(|c| c.code.len() == 2
            && c.code.bytes().all(|b| b.is_ascii_uppercase())
            && !c.name_en.is_empty()
            && !c.name_sv.is_empty()));
        assert_eq!(by_code("XK").unwrap().name_en, "Kosovo");
    }

    #[test]
    fn swedish_names_are_unique() {
        let mut names: Vec<String> = all().iter().map(|c| normalise_name(c.name_sv)).collect();
        names.extend(OTHER_SWEDISH_NAMES.iter().map(|(n, _)| normalise_name(n)));
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count);
    }

    #[test]
    fn other_swedish_names_point_at_known_codes() {
        for (name, codes) in OTHER_SWEDISH_NAMES {
            for code in *codes {
                assert!(by_code(code).is_some(), "{name} → {code}");
            }
        }
    }

    #[test]
    fn codes_are_found_in_any_case() {
        assert_eq!(by_code("ug").unwrap().name_en, "Uganda");
        assert_eq!(by_code(" Se ").unwrap().code, "SE");
        assert!(by_code("ZZ").is_none());
        assert!(by_code("UGA").is_none());
        assert!(by_code("").is_none());
        assert!(by_code("ÅÄ").is_none());
    }

    #[test]
    fn swedish_names_map_tolerating_case_and_spacing() {
        assert_eq!(code_for_swedish_name("Sydafrika"), Some("ZA"));
        assert_eq!(code_for_swedish_name("  elfenbenskusten "), Some("CI"));
        assert_eq!(code_for_swedish_name("BOSNIEN-HERCEGOVINA"), Some("BA"));
        assert_eq!(
            code_for_swedish_name("Kongo   (Demokratiska Republiken)"),
            Some("CD")
        );
        assert_eq!(
            code_for_swedish_name("Samoa, Självständiga staten"),
            Some("WS")
        );
        assert_eq!(code_for_swedish_name("Österrike"), Some("AT"));
        assert_eq!(code_for_swedish_name("Atlantis"), None);
        assert_eq!(code_for_swedish_name("  "), None);
    }

    #[test]
    fn former_names_and_groups_are_not_own_names() {
        let burma = lookup_swedish_name("Burma").unwrap();
        assert_eq!(burma.codes, ["MM"]);
        assert!(!burma.own_name);
        let antilles = lookup_swedish_name("Nederländska Antillerna").unwrap();
        assert_eq!(antilles.codes, ["CW", "SX", "BQ"]);
        assert!(lookup_swedish_name("Myanmar").unwrap().own_name);
    }

    #[test]
    fn every_name_on_skatteverkets_2024_list_maps() {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../data/skatteverket-normalbelopp-2024.json"))
                .unwrap();
        let rows = file["results"].as_array().unwrap();
        assert_eq!(rows.len(), 173);
        let unmapped: Vec<&str> = rows
            .iter()
            .map(|r| r["land eller område"].as_str().unwrap())
            .filter(|name| *name != "Övriga länder och områden")
            .filter(|name| code_for_swedish_name(name).is_none())
            .collect();
        assert!(unmapped.is_empty(), "unmapped: {unmapped:?}");
        for (name, code) in [
            ("Nederländska Antillerna", "CW"),
            ("Storbritannien och Nordirland", "GB"),
            ("Kosovo", "XK"),
            ("Indonesien", "ID"),
            ("Grönland", "GL"),
        ] {
            assert_eq!(code_for_swedish_name(name), Some(code), "{name}");
        }
    }

    #[test]
    fn country_code_parses_displays_and_round_trips_through_json() {
        let ug = CountryCode::parse("ug").unwrap();
        assert_eq!(ug.as_str(), "UG");
        assert_eq!(ug.name(), "Uganda");
        assert_eq!(ug.to_string(), "UG");
        assert_eq!(serde_json::to_string(&ug).unwrap(), "\"UG\"");
        let back: CountryCode = serde_json::from_str("\"xk\"").unwrap();
        assert_eq!(back.name(), "Kosovo");
        assert!(CountryCode::sweden().is_sweden());
    }

    #[test]
    fn unknown_country_code_is_an_error_naming_it() {
        let err = CountryCode::parse("QQ").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'QQ' is not a country code (ISO 3166-1 alpha-2, such as UG; XK for Kosovo)"
        );
        assert!(serde_json::from_str::<CountryCode>("\"Uganda\"").is_err());
    }
}
