//! `server staff ...` as an operator runs it, on SQLite and PostgreSQL: create, list,
//! disable / enable, reset-2fa and unlock, with the same no-lock-out rules as the console.
mod support;

use app::engine_tests;
use app::testing::TestDb;
use std::process::{Command, Output};

fn staff(t: &TestDb, data_dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("staff")
        .args(args)
        .env("ROSTER_DATABASE_URL", &t.url)
        .env("ROSTER_DATA_DIR", data_dir)
        .env("ROSTER_SECRET_KEY", "11".repeat(32))
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the server binary");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

engine_tests!(operators_recover_staff_from_the_command_line);
async fn operators_recover_staff_from_the_command_line(t: TestDb) {
    let dir = support::tempdir();
    let run = |args: &[&str], stdin: Option<&str>| staff(&t, &dir, args, stdin);
    let create = |email: &str, role: &str| {
        let args = [
            "create",
            "--email",
            email,
            "--name",
            "Op",
            "--role",
            role,
            "--password-stdin",
        ];
        run(&args, Some("a long enough password\n"))
    };
    assert!(create("ann@roster.test", "Administrator").status.success());
    assert!(create("sam@roster.test", "Support").status.success());
    let unknown_role = create("zed@roster.test", "Janitor");
    assert!(!unknown_role.status.success());
    assert!(
        text(&unknown_role).contains("No such role."),
        "{}",
        text(&unknown_role)
    );

    let list = run(&["list"], None);
    let listed = String::from_utf8_lossy(&list.stdout).to_string();
    assert!(
        listed.contains("ann@roster.test\tOp\tAdministrator\tactive\tno\tnever"),
        "{listed}"
    );
    assert!(
        listed.contains("sam@roster.test\tOp\tSupport\tactive"),
        "{listed}"
    );

    // The last Administrator stays, from the command line too.
    let refused = run(&["disable", "--email", "ann@roster.test"], None);
    assert!(!refused.status.success(), "{}", t.engine);
    assert!(
        text(&refused).contains("last active Administrator"),
        "{}",
        text(&refused)
    );

    let disabled = run(&["disable", "--email", "sam@roster.test"], None);
    assert!(text(&disabled).contains("Disabled staff member sam@roster.test."));
    let listed = String::from_utf8_lossy(&run(&["list"], None).stdout).to_string();
    assert!(
        listed.contains("sam@roster.test\tOp\tSupport\tdisabled"),
        "{listed}"
    );
    assert!(run(&["enable", "--email", "sam@roster.test"], None)
        .status
        .success());

    let reset = run(&["reset-2fa", "--email", "ann@roster.test"], None);
    assert!(
        text(&reset).contains("Reset two-factor authentication of staff member ann@roster.test.")
    );
    assert!(run(&["unlock", "--email", "ann@roster.test"], None)
        .status
        .success());
    let nobody = run(&["unlock", "--email", "who@roster.test"], None);
    assert!(text(&nobody).contains("no staff member has the email who@roster.test"));
}
