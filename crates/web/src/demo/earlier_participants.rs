//! The register of earlier participants, so the returning-people check finds someone.

use itp_persistence::ConnectionTrait;
use itp_persistence::application::eligibility;

pub(super) async fn seed<C: ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
) -> itp_persistence::Result<()> {
    for (name, born, country, email, description) in [
        (
            "Mwila Banda",
            1975,
            "ZM",
            "mwila.banda@ndola.gov.zm",
            "Municipal Financing 2023",
        ),
        (
            "Jane Wanjiru",
            1983,
            "KE",
            "j.wanjiru@nairobi.go.ke",
            "Gender Mainstreaming 2022",
        ),
        (
            "Ardit Hoxha",
            1986,
            "AL",
            "a.hoxha@tirana.gov.al",
            "Rights-Based Approach 2021",
        ),
    ] {
        eligibility::add_earlier_participant(
            conn,
            eligibility::NewEarlierParticipant {
                full_name: name,
                year_of_birth: Some(born),
                country: Some(country),
                email: Some(email),
                description,
            },
            now,
        )
        .await?;
    }
    Ok(())
}
