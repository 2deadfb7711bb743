//! Memory of the real `itp serve` process, measured as the kernel reports it (`/proc`): the peak
//! resident size under 48 parallel sign-ins, and what stays resident afterwards. Each argon2id
//! check needs 19 MiB; without a bound, 48 at once held about 1.2 GiB and kept it.

use std::time::Duration;

use itp_tests::process::{Itp, Server};
use itp_tests::reqwest::multipart::{Form, Part};

const MIB: u64 = 1024;

async fn parallel_sign_ins(server: &Server, n: usize) -> Vec<u16> {
    let http = itp_tests::TestClient::new(&server.base_url).http;
    let page = http
        .get(format!("{}/login", server.base_url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = itp_tests::extract_csrf(&page).expect("a CSRF token on the sign-in form");
    let attempts: Vec<_> = (0..n)
        .map(|i| {
            let http = http.clone();
            let url = format!("{}/login", server.base_url);
            let token = token.clone();
            tokio::spawn(async move {
                http.post(url)
                    .form(&[
                        ("email", format!("nobody{i}@example.org")),
                        ("password", "not anybody's password".to_owned()),
                        ("csrf_token", token),
                    ])
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for a in attempts {
        statuses.push(a.await.unwrap());
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_sign_ins_stay_bounded_and_the_memory_is_given_back() {
    let dir = tempfile::tempdir().unwrap();
    let (itp, _db) = Itp::on_fresh_database(env!("CARGO_BIN_EXE_itp"), dir.path()).await;
    let server = itp.serve().await;
    // One sign-in first, so the idle figure includes what the first request sets up.
    parallel_sign_ins(&server, 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle_before = server.memory_kib("VmRSS").expect("VmRSS");

    for _ in 0..3 {
        let statuses = parallel_sign_ins(&server, 48).await;
        assert!(
            statuses.iter().all(|s| *s == 401 || *s == 503),
            "each attempt is answered, wrong or busy: {statuses:?}"
        );
    }
    let peak = server.memory_kib("VmHWM").expect("VmHWM");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle_after = server.memory_kib("VmRSS").expect("VmRSS");
    eprintln!(
        "itp serve: idle {} MiB before, peak {} MiB under 3 x 48 parallel sign-ins, idle {} MiB after",
        idle_before / MIB,
        peak / MIB,
        idle_after / MIB
    );
    assert!(peak < 200 * MIB, "peak resident {} MiB", peak / MIB);
    assert!(
        idle_after < idle_before + 24 * MIB,
        "after the burst {} MiB stay resident, against {} MiB before it",
        idle_after / MIB,
        idle_before / MIB
    );
}

/// A 33 KiB workbook holding one 32 MiB shared string used by 16 cells, sent to the application
/// import in check mode: refused with a message, and the server's peak stays near its idle size
/// (it used to reach 1.2 GiB).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workbook_bomb_is_refused_before_memory_grows() {
    const PASSWORD: &str = "memory test demo password";
    let dir = tempfile::tempdir().unwrap();
    let (itp, db) = Itp::on_fresh_database(env!("CARGO_BIN_EXE_itp"), dir.path()).await;
    let server = itp.serve_demo(PASSWORD).await;
    let manager = itp_tests::TestClient::new(&server.base_url);
    assert_eq!(
        manager
            .login("manager@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    let cohorts =
        itp_tests::census::query_strings(&db, "SELECT CAST(id AS TEXT) FROM cohorts ORDER BY id")
            .await;
    let mut import_page = None;
    for id in cohorts {
        let path = format!("/cohorts/{id}/applications/import");
        if manager.get(&path).await.status().is_success() {
            import_page = Some(path);
            break;
        }
    }
    let import_page = import_page.expect("the manager can import into some cohort");
    let idle = server.memory_kib("VmRSS").expect("VmRSS");

    let bomb = include_bytes!("../src/import_file/testdata/shared-string-bomb.xlsx");
    let token = manager.csrf_token().await;
    let form = Form::new()
        .text("csrf_token", token)
        .text("mode", "check")
        .part("file", Part::bytes(bomb.to_vec()).file_name("bomb.xlsx"));
    let res = manager
        .http
        .post(manager.url(&import_page))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let body = res.text().await.unwrap();
    assert!(
        body.contains("The workbook is too large to import"),
        "the refusal says why"
    );
    let peak = server.memory_kib("VmHWM").expect("VmHWM");
    eprintln!(
        "itp serve --demo: idle {} MiB, peak {} MiB after refusing the workbook bomb",
        idle / MIB,
        peak / MIB
    );
    assert!(
        peak < idle + 64 * MIB,
        "peak {} MiB against {} MiB idle",
        peak / MIB,
        idle / MIB
    );
}
