//! Demo data for `itp serve --demo`: the six programmes from the domain notes with realistic
//! cohorts, and one account per role, so a new user sees the whole product filled in.

mod application;
mod application_documents;
mod application_teams;
mod budget;
mod cohort;
mod earlier_participants;
pub mod hosts;
mod jobs;
mod mail_templates;
mod outbox;
mod participants;
mod per_diem;
mod review;
mod selection;
pub mod synthetic;
pub mod synthetic_cohorts;
pub mod synthetic_costs;
pub mod synthetic_reviews;

use itp_domain::Code;
use itp_domain::account::Email;
use itp_domain::cohort::CohortStatus;
use itp_domain::programme::ProgrammeInput;
use itp_domain::role::{Grant, Role};
use itp_persistence::{account, programme};

use crate::app::AppState;
use crate::auth::service::hash_blocking;
use crate::ops::{Context, OpResult};
use crate::security::tokens::new_token;

struct DemoProgramme {
    code: &'static str,
    name: &'static str,
    theme: &'static str,
    partners: &'static str,
    countries: &'static str,
    target_group: &'static str,
    team: (u8, u8),
    roles: &'static [&'static str],
    description: &'static str,
}

const PROGRAMMES: &[DemoProgramme] = &[
    DemoProgramme {
        code: "MF",
        name: "Municipal Financing Supporting Local Development and Local Democracy",
        theme: "Local public finance and own-source revenue",
        partners: "UNCDF",
        countries: "BW ZA TZ UG ZM ZW",
        target_group: "Officials with a mandate for change in municipal finance, from the same local government.",
        team: (2, 3),
        roles: &["official"],
        description: "How local governments raise, plan and account for money: own-source revenue, budgeting with citizens, and access to finance for local investment.",
    },
    DemoProgramme {
        code: "WPL",
        name: "Women's Political Leadership Programme",
        theme: "Women's political leadership in local government",
        partners: "SKR (SALAR)",
        countries: "BA GE KE MD RS TZ UA UG",
        target_group: "Elected women politicians in local government; mayors and deputy mayors preferred.",
        team: (1, 3),
        roles: &["politician"],
        description: "Strengthens elected women's leadership, networks and influence in local democracy.",
    },
    DemoProgramme {
        code: "LLG",
        name: "Leadership in Local Governance",
        theme: "Leadership and citizen participation",
        partners: "",
        countries: "KE ZM BW NA ZA",
        target_group: "Teams of politicians and grassroots organisations, with at least one woman.",
        team: (2, 5),
        roles: &["politician", "civil_society"],
        description: "Leadership for inclusive, accountable local governance, built around a change project in each team's municipality.",
    },
    DemoProgramme {
        code: "RBA",
        name: "Local Governance with a Rights-Based Approach",
        theme: "Human rights principles in local service delivery",
        partners: "",
        countries: "AL BA GE XK MK MD ME RS TR UA",
        target_group: "Teams of three: a politician, an official and a civil-society representative.",
        team: (3, 3),
        roles: &["politician", "official", "civil_society"],
        description: "Participation, accountability, non-discrimination and transparency applied to municipal services in the Western Balkans and Eastern Europe.",
    },
    DemoProgramme {
        code: "GM",
        name: "Gender Mainstreaming for Local Democracy",
        theme: "Gender equality in local government",
        partners: "",
        countries: "KE TZ UG ZM",
        target_group: "Local-government teams working on gender equality in services and decision-making.",
        team: (2, 5),
        roles: &["official"],
        description: "Tools and practice for gender mainstreaming in planning, budgeting and services.",
    },
    DemoProgramme {
        code: "ILG",
        name: "Inclusive Local Governance",
        theme: "Inclusion of marginalised groups",
        partners: "",
        countries: "BW ZA ZM",
        target_group: "At least one politician, one official and one civil-society representative per team.",
        team: (3, 5),
        roles: &["politician", "official", "civil_society"],
        description: "Making local decision-making and services reach people who are usually left out.",
    },
];

/// The demo accounts, one per role.
pub const ACCOUNTS: [(&str, &str, Role); 6] = [
    ("admin@example.org", "Astrid Lindqvist", Role::Admin),
    (
        "manager@example.org",
        "Maria Karlsson",
        Role::ProgrammeManager,
    ),
    ("reviewer@example.org", "Johan Berg", Role::Reviewer),
    ("finance@example.org", "Fatima Hassan", Role::Finance),
    (
        "host@example.org",
        "Erik Nilsson (Region Gotland)",
        Role::Host,
    ),
    ("applicant@example.org", "Grace Namubiru", Role::Applicant),
];

/// Seeds an empty database; leaves a database with any account untouched. The password comes
/// from `ITP_DEMO_PASSWORD`, else one is generated and printed once.
pub async fn seed_if_empty(state: &AppState) -> Result<bool, String> {
    let conn = &state.db.conn;
    let has_accounts = !account::list(conn)
        .await
        .map_err(|e| e.to_string())?
        .is_empty();
    if has_accounts {
        tracing::info!("database has accounts already; demo data not added");
        return Ok(false);
    }
    let (password, generated) = match std::env::var("ITP_DEMO_PASSWORD") {
        Ok(p) if !p.trim().is_empty() => (p, false),
        _ => (new_token()[..20].to_owned(), true),
    };
    seed_with_password(state, &password).await?;
    println!(
        "Demo data added. Accounts: {}",
        ACCOUNTS.map(|a| a.0).join(", ")
    );
    if generated {
        println!("Demo password (shown once; set ITP_DEMO_PASSWORD to choose it): {password}");
    }
    Ok(true)
}

/// Seeds the demo data with every account's password set to `password`.
pub async fn seed_with_password(state: &AppState, password: &str) -> Result<(), String> {
    let mut hashes = Vec::new();
    for _ in ACCOUNTS {
        hashes.push(hash_blocking(password).await.map_err(|e| e.to_string())?);
    }
    seed(state, &hashes).await.map_err(|e| e.to_string())
}

async fn seed(state: &AppState, hashes: &[String]) -> OpResult<()> {
    let ctx = Context::system(state, "demo data");
    let mut uow = ctx.begin().await?;
    let now = uow.now();
    let tx = uow.conn();
    let mut programme_ids = Vec::new();
    for p in PROGRAMMES {
        let input = ProgrammeInput {
            code: p.code.into(),
            name: p.name.into(),
            theme: p.theme.into(),
            description: p.description.into(),
            partners: p.partners.into(),
            eligible_countries: p.countries.into(),
            target_group: p.target_group.into(),
            team_min: p.team.0.to_string(),
            team_max: p.team.1.to_string(),
            required_roles: p.roles.iter().map(|r| (*r).to_owned()).collect(),
            language: "English".into(),
            archived: false,
        };
        let programme = input.validate().map_err(|e| {
            itp_persistence::PersistenceError::Corrupt(format!("demo programme {}: {e}", p.code))
        })?;
        let id = programme::create(tx, &programme, now).await?;
        programme_ids.push((p.code, p.name, id));
    }

    let mut cohorts = Vec::new();
    for (i, (code, name, id)) in programme_ids.iter().enumerate() {
        let short = name.split(" Supporting").next().unwrap_or(name);
        cohorts.extend(cohort::seed(tx, now, i, *id, code, short).await?);
    }
    let reviewer_cohort = cohorts
        .iter()
        .find(|c| c.code == "MF" && c.status == CohortStatus::CallOpen)
        .map(|c| c.id);

    let host_ids = match reviewer_cohort {
        Some(cohort) => hosts::seed_hosts(tx, cohort, now).await?,
        None => Vec::new(),
    };
    let mf = programme_ids[0].2;
    let gm = programme_ids[4].2;
    let mut user_ids = Vec::new();
    for ((email, name, role), hash) in ACCOUNTS.iter().zip(hashes) {
        let grants = match role {
            Role::ProgrammeManager => vec![
                Grant {
                    role: *role,
                    scope: Some(i64::from(mf)),
                },
                Grant {
                    role: *role,
                    scope: Some(i64::from(gm)),
                },
            ],
            Role::Reviewer => vec![Grant {
                role: *role,
                scope: reviewer_cohort.map(i64::from),
            }],
            // The demo host account speaks for Gotland, the first demo host.
            Role::Host => vec![Grant {
                role: *role,
                scope: host_ids.first().map(|id| i64::from(*id)),
            }],
            _ => vec![Grant {
                role: *role,
                scope: None,
            }],
        };
        let email = Email::parse(email)
            .map_err(|e| itp_persistence::PersistenceError::Corrupt(e.to_string()))?;
        let user_id = account::create(tx, &email, name, &grants, now).await?;
        account::set_password(tx, user_id, hash).await?;
        user_ids.push((*role, user_id));
    }
    // The programme manager is responsible for the cohorts of MF and GM; the administrator stands
    // in for the other programmes' managers, who are not among the demo accounts.
    let id_of = |role: Role| user_ids.iter().find(|(r, _)| *r == role).map(|(_, id)| *id);
    for c in &cohorts {
        let responsible = if matches!(c.code, "MF" | "GM") {
            id_of(Role::ProgrammeManager)
        } else {
            id_of(Role::Admin)
        };
        if let Some(user_id) = responsible {
            itp_persistence::cohort::set_managers(tx, c.id, &[user_id], now).await?;
        }
    }
    application::seed(tx, state).await?;
    let demo_cohorts: Vec<per_diem::DemoCohort> = cohorts
        .iter()
        .map(|c| per_diem::DemoCohort {
            programme_code: c.code,
            status: c.status.code(),
            id: c.id,
        })
        .collect();
    per_diem::seed(tx, now, &demo_cohorts, &user_ids).await?;
    if let Some(running) = cohorts
        .iter()
        .find(|c| c.code == "MF" && c.status == CohortStatus::Running)
    {
        budget::seed(tx, running.id, id_of(Role::Finance), now).await?;
    }
    outbox::seed_outbox(tx, state, reviewer_cohort).await?;
    jobs::seed(tx, now).await?;
    if let (Some(cohort), Some(reviewer)) = (reviewer_cohort, id_of(Role::Reviewer)) {
        review::seed(tx, cohort, reviewer, now).await?;
    }
    if let (Some(cohort), Some(manager)) = (reviewer_cohort, id_of(Role::ProgrammeManager)) {
        selection::seed(&mut uow, cohort, manager).await?;
    }
    if let Some(cohort) = reviewer_cohort {
        hosts::seed_visits(uow.conn(), cohort, &host_ids, now).await?;
    }
    let mf_in = |status: CohortStatus| {
        cohorts
            .iter()
            .find(|c| c.code == "MF" && c.status == status)
            .map(|c| c.id)
    };
    if let Some(running) = mf_in(CohortStatus::Running) {
        participants::seed(&mut uow, running, mf_in(CohortStatus::Completed)).await?;
    }
    // Last, so the demo's own letters above keep the built-in texts the tests read.
    mail_templates::seed(uow.conn(), gm, id_of(Role::Admin), now).await?;
    uow.commit().await?;
    Ok(())
}
