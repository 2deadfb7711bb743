//! The teams of the demo call: organisations from several countries, each with its members and
//! change project, some complete and some not, so the eligibility checks have something to say.

use itp_domain::application::{
    ApplicationDraft, ChangeProjectDraft, MemberDraft, NominationDraft, OrganisationDraft,
};

pub(super) fn member(
    name: &str,
    gender: &str,
    role: &str,
    position: &str,
    email: &str,
    english: &str,
    born: &str,
) -> MemberDraft {
    MemberDraft {
        full_name: name.into(),
        gender: gender.into(),
        role: role.into(),
        position: position.into(),
        email: email.into(),
        english: english.into(),
        year_of_birth: born.into(),
        declares_no_earlier_programme: true,
        declares_can_attend: true,
        consents_to_privacy_notice: true,
    }
}

pub(super) fn team(
    org: &str,
    kind: &str,
    country: &str,
    project: &str,
    members: Vec<MemberDraft>,
) -> ApplicationDraft {
    ApplicationDraft {
        organisation: OrganisationDraft { name: org.into(), kind: kind.into(), level: "local".into(), country: country.into(), address: format!("Town hall, {org}") },
        nomination: NominationDraft { authority: format!("{org}, council executive committee"), contact_name: "Town clerk".into(), contact_email: String::new() },
        members,
        project: ChangeProjectDraft {
            title: project.into(),
            problem: "Own-source revenue covers less than a fifth of the budget; services depend on late transfers.".into(),
            goal: "A predictable local revenue base that citizens understand and trust.".into(),
            expected_results: "A revenue register, published budgets and a first participatory budget hearing within 12 months.".into(),
            stakeholders: "Market vendors, property owners, ward committees, the finance department.".into(),
            commitment: "The council assigns two staff part-time and funds the register update.".into(),
        },
    }
}

/// The teams imported into the MF call, each with its reference in the import.
pub(super) fn other_teams() -> Vec<(&'static str, ApplicationDraft)> {
    vec![
        (
            "MF-27-001",
            team(
                "Jinja City Council",
                "municipality",
                "UG",
                "Digital market-dues collection",
                vec![
                    member(
                        "Sarah Nakato",
                        "woman",
                        "official",
                        "Principal treasurer",
                        "s.nakato@jinja.go.ug",
                        "C1",
                        "1981",
                    ),
                    member(
                        "Peter Okello",
                        "man",
                        "official",
                        "Revenue officer",
                        "p.okello@jinja.go.ug",
                        "B2",
                        "1987",
                    ),
                ],
            ),
        ),
        (
            "MF-27-002",
            team(
                "Arusha City Council",
                "municipality",
                "TZ",
                "Property-rate register",
                vec![
                    member(
                        "Neema Mushi",
                        "woman",
                        "official",
                        "City treasurer",
                        "n.mushi@arusha.go.tz",
                        "B2",
                        "1979",
                    ),
                    member(
                        "Baraka Lyimo",
                        "man",
                        "official",
                        "Valuer",
                        "b.lyimo@arusha.go.tz",
                        "B1",
                        "1990",
                    ),
                    member(
                        "Rehema Kweka",
                        "woman",
                        "official",
                        "Planning officer",
                        "r.kweka@arusha.go.tz",
                        "B2",
                        "1985",
                    ),
                ],
            ),
        ),
        (
            "MF-27-003",
            team(
                "Livingstone City Council",
                "municipality",
                "ZM",
                "Tourism levy for local services",
                vec![
                    member(
                        "Mutinta Hamoonga",
                        "woman",
                        "official",
                        "Director of finance",
                        "m.hamoonga@lcc.gov.zm",
                        "C1",
                        "1976",
                    ),
                    member(
                        "Chanda Mwale",
                        "man",
                        "official",
                        "Accountant",
                        "c.mwale@lcc.gov.zm",
                        "B2",
                        "1989",
                    ),
                ],
            ),
        ),
        (
            "MF-27-004",
            team(
                "Msunduzi Local Municipality",
                "municipality",
                "ZA",
                "Billing accuracy and trust",
                vec![
                    member(
                        "Thandeka Dlamini",
                        "woman",
                        "official",
                        "CFO",
                        "t.dlamini@msunduzi.gov.za",
                        "C2",
                        "1980",
                    ),
                    member(
                        "Sipho Ndlovu",
                        "man",
                        "official",
                        "Billing manager",
                        "s.ndlovu@msunduzi.gov.za",
                        "C1",
                        "1983",
                    ),
                ],
            ),
        ),
        (
            "MF-27-005",
            team(
                "Francistown City Council",
                "municipality",
                "BW",
                "Lease revenue from council land",
                vec![
                    member(
                        "Kagiso Molefe",
                        "man",
                        "official",
                        "Town treasurer",
                        "k.molefe@fcc.gov.bw",
                        "C1",
                        "1978",
                    ),
                    member(
                        "Boitumelo Sechele",
                        "woman",
                        "official",
                        "Estates officer",
                        "b.sechele@fcc.gov.bw",
                        "B2",
                        "1991",
                    ),
                ],
            ),
        ),
        // Kenya is not among this call's countries: the country check fails.
        (
            "MF-27-006",
            team(
                "Kisumu County Government",
                "region",
                "KE",
                "Own-source revenue automation",
                vec![
                    member(
                        "Achieng Otieno",
                        "woman",
                        "official",
                        "Chief officer finance",
                        "a.otieno@kisumu.go.ke",
                        "C1",
                        "1982",
                    ),
                    member(
                        "Brian Ouma",
                        "man",
                        "official",
                        "Revenue analyst",
                        "b.ouma@kisumu.go.ke",
                        "B2",
                        "1993",
                    ),
                ],
            ),
        ),
        // A member took part before (see the register): flagged for a decision.
        (
            "MF-27-007",
            team(
                "Ndola City Council",
                "municipality",
                "ZM",
                "Water tariff reform",
                vec![
                    member(
                        "Mwila Banda",
                        "woman",
                        "official",
                        "Finance director",
                        "m.banda@ndola.gov.zm",
                        "C1",
                        "1975",
                    ),
                    member(
                        "Chileshe Mulenga",
                        "man",
                        "official",
                        "Budget officer",
                        "c.mulenga@ndola.gov.zm",
                        "B2",
                        "1988",
                    ),
                ],
            ),
        ),
        // One member only: the team check fails.
        (
            "MF-27-008",
            team(
                "Gulu City Council",
                "municipality",
                "UG",
                "Budget hearings in every division",
                vec![member(
                    "Akello Grace Lamwaka",
                    "woman",
                    "official",
                    "Deputy town clerk",
                    "g.lamwaka@gulu.go.ug",
                    "B2",
                    "1984",
                )],
            ),
        ),
    ]
}
