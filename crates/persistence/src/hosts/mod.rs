//! Host municipalities and regions: their offers as registered, approved or declined, and the
//! study visits they host (`visits`).

pub mod visits;

use chrono::{DateTime, NaiveDate, Utc};
use itp_domain::Code;
use itp_domain::hosts::{
    HostLanguage, HostOffer, HostState, Municipality, Registration, Theme, by_code,
};
use itp_domain::phase::DateSpan;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entities::host;
use crate::{PersistenceError, Result, decode};

/// A host as the pages read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredHost {
    pub id: i32,
    pub municipality: &'static Municipality,
    pub state: HostState,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub themes: Vec<Theme>,
    pub languages: Vec<HostLanguage>,
    pub max_visitors: u32,
    pub teams: u32,
    pub periods: Vec<DateSpan>,
    pub note: String,
    pub decision_reason: String,
    pub calendar_token: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl StoredHost {
    pub fn name(&self) -> &'static str {
        self.municipality.name
    }

    /// The host as the matching sees it: themes and languages by their codes.
    pub fn offer(&self) -> HostOffer {
        HostOffer {
            code: self.municipality.code.to_owned(),
            themes: self.themes.iter().map(|t| t.code().to_owned()).collect(),
            languages: self.languages.iter().map(|l| l.code().to_owned()).collect(),
            max_visitors: self.max_visitors,
            teams: self.teams,
            periods: self.periods.clone(),
        }
    }
}

fn join<T: Code>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| v.code())
        .collect::<Vec<_>>()
        .join(",")
}

fn split<T: Code>(text: &str, column: &str) -> Result<Vec<T>> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| decode::<T>(s, column))
        .collect()
}

fn write_periods(periods: &[DateSpan]) -> String {
    periods
        .iter()
        .map(|p| format!("{}..{}", p.start, p.end))
        .collect::<Vec<_>>()
        .join(";")
}

fn read_periods(text: &str) -> Result<Vec<DateSpan>> {
    let corrupt = || PersistenceError::Corrupt(format!("hosts.periods: {text}"));
    text.split(';')
        .filter(|s| !s.is_empty())
        .map(|p| {
            let (from, to) = p.split_once("..").ok_or_else(corrupt)?;
            let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt());
            DateSpan::new(date(from)?, date(to)?).ok_or_else(corrupt)
        })
        .collect()
}

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

impl TryFrom<host::Model> for StoredHost {
    type Error = PersistenceError;

    fn try_from(m: host::Model) -> Result<StoredHost> {
        Ok(StoredHost {
            id: m.id,
            municipality: by_code(&m.municipality_code).ok_or_else(|| {
                PersistenceError::Corrupt(format!(
                    "hosts.municipality_code: {}",
                    m.municipality_code
                ))
            })?,
            state: decode(&m.state, "hosts.state")?,
            contact_name: m.contact_name,
            email: m.email,
            phone: m.phone,
            themes: split(&m.themes, "hosts.themes")?,
            languages: split(&m.languages, "hosts.languages")?,
            max_visitors: count(m.max_visitors),
            teams: count(m.teams),
            periods: read_periods(&m.periods)?,
            note: m.note,
            decision_reason: m.decision_reason,
            calendar_token: m.calendar_token,
            created_at: m.created_at,
            decided_at: m.decided_at,
        })
    }
}

fn whole(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Records an offer as registered, waiting for approval.
pub async fn register<C: ConnectionTrait>(
    conn: &C,
    r: &Registration,
    now: DateTime<Utc>,
) -> Result<i32> {
    let row = host::Entity::insert(host::ActiveModel {
        municipality_code: Set(r.municipality.code.to_owned()),
        state: Set(HostState::Requested.code().to_owned()),
        contact_name: Set(r.contact_name.clone()),
        email: Set(r.email.as_str().to_owned()),
        phone: Set(r.phone.clone()),
        themes: Set(join(&r.themes)),
        languages: Set(join(&r.languages)),
        max_visitors: Set(whole(r.max_visitors)),
        teams: Set(whole(r.teams)),
        periods: Set(write_periods(&r.periods)),
        note: Set(r.note.clone()),
        decision_reason: Set(String::new()),
        calendar_token: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        decided_at: Set(None),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(row.last_insert_id)
}

/// Changes what a host offers (its own people keep it up to date).
pub async fn update_offer<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    r: &Registration,
    now: DateTime<Utc>,
) -> Result<()> {
    host::Entity::update(host::ActiveModel {
        id: Set(id),
        contact_name: Set(r.contact_name.clone()),
        email: Set(r.email.as_str().to_owned()),
        phone: Set(r.phone.clone()),
        themes: Set(join(&r.themes)),
        languages: Set(join(&r.languages)),
        max_visitors: Set(whole(r.max_visitors)),
        teams: Set(whole(r.teams)),
        periods: Set(write_periods(&r.periods)),
        note: Set(r.note.clone()),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<StoredHost>> {
    host::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(StoredHost::try_from)
        .transpose()
}

/// Every host, newest offers first.
pub async fn list<C: ConnectionTrait>(conn: &C) -> Result<Vec<StoredHost>> {
    host::Entity::find()
        .order_by_desc(host::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(StoredHost::try_from)
        .collect()
}

/// The approved hosts, in the order of the official list's codes.
pub async fn approved<C: ConnectionTrait>(conn: &C) -> Result<Vec<StoredHost>> {
    host::Entity::find()
        .filter(host::Column::State.eq(HostState::Approved.code()))
        .order_by_asc(host::Column::MunicipalityCode)
        .order_by_asc(host::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(StoredHost::try_from)
        .collect()
}

/// Whether the municipality has an offer waiting or approved: one host record per municipality.
pub async fn is_registered<C: ConnectionTrait>(conn: &C, code: &str) -> Result<bool> {
    Ok(host::Entity::find()
        .filter(host::Column::MunicipalityCode.eq(code))
        .filter(host::Column::State.ne(HostState::Declined.code()))
        .one(conn)
        .await?
        .is_some())
}

/// Approves or declines a waiting offer; `false` when it was not waiting (decided already).
pub async fn decide<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    state: HostState,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let result = host::Entity::update_many()
        .col_expr(host::Column::State, state.code().into())
        .col_expr(host::Column::DecisionReason, reason.into())
        .col_expr(host::Column::DecidedAt, now.into())
        .col_expr(host::Column::UpdatedAt, now.into())
        .filter(host::Column::Id.eq(id))
        .filter(host::Column::State.eq(HostState::Requested.code()))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn set_calendar_token<C: ConnectionTrait>(conn: &C, id: i32, token: &str) -> Result<()> {
    host::Entity::update_many()
        .col_expr(host::Column::CalendarToken, token.into())
        .filter(host::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn find_by_calendar_token<C: ConnectionTrait>(
    conn: &C,
    token: &str,
) -> Result<Option<StoredHost>> {
    if token.is_empty() {
        return Ok(None);
    }
    host::Entity::find()
        .filter(host::Column::CalendarToken.eq(token))
        .filter(host::Column::State.eq(HostState::Approved.code()))
        .one(conn)
        .await?
        .map(StoredHost::try_from)
        .transpose()
}
