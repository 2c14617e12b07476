//! The analyst commands as a user runs them: `board` and `graph` on the bundled briefing
//! (snapshots), their filters and formats, and their errors.

use assert_cmd::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::cargo_bin("arctic-brief")
        .unwrap()
        .env_remove("ARCTIC_BRIEF_DATA")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn ok(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    // `show` on the bundled briefing points at `init` for an editable copy; nothing else.
    let rest = r
        .stderr
        .lines()
        .filter(|l| !l.starts_with("note: the bundled briefing is built into the program"))
        .count();
    assert_eq!(rest, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn board_of_the_bundled_briefing() {
    insta::assert_snapshot!(ok(&["board"]));
}

#[test]
fn board_json_of_the_bundled_briefing() {
    let out = ok(&["board", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["clusters"].as_array().unwrap().len(), 3);
    insta::assert_snapshot!(out);
}

#[test]
fn board_narrowed_to_an_actor_or_a_meeting() {
    let clusters = |args: &[&str]| -> usize {
        let v: serde_json::Value = serde_json::from_str(&ok(args)).unwrap();
        v["clusters"].as_array().unwrap().len()
    };
    assert_eq!(clusters(&["board", "--json"]), 3);
    // Kirill Dmitriev is in one cluster; the private talks hold the wedge claims.
    assert_eq!(
        clusters(&["board", "--json", "--actor", "kirill-dmitriev"]),
        1
    );
    assert_eq!(clusters(&["board", "--json", "--actor", "canada"]), 0);
    let talks = ok(&["board", "--meeting", "saudi-arabia-us-russia-talks"]);
    assert!(
        talks.starts_with(
            "Contested-claims board linked to meeting `saudi-arabia-us-russia-talks`: 1 cluster"
        ),
        "{talks}"
    );
}

#[test]
fn board_errors_name_the_problem() {
    let r = run(&["board", "--actor", "kirill-dmitriev-x"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: --actor: no actor with id `kirill-dmitriev-x` in bundled briefing; did you mean `kirill-dmitriev`?\n"
    );
    let r = run(&["board", "--meeting", "russia"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: --meeting: `russia` is an actor, not a meeting\n"
    );
    let r = run(&["board", "--actor", "russia", "--meeting", "x"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn graph_of_a_claim_in_each_format() {
    insta::assert_snapshot!("graph_wedge_hope_dot", ok(&["graph", "wedge-hope"]));
    insta::assert_snapshot!(
        "graph_wedge_hope_mermaid",
        ok(&["graph", "wedge-hope", "--format", "mermaid"])
    );
    let json = ok(&["graph", "wedge-hope", "--format", "json", "--depth", "2"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["center"]["id"], "wedge-hope");
    assert_eq!(v["depth"], 2);
    assert!(v["nodes"].as_array().unwrap().iter().any(|n| n["hop"] == 2));
}

#[test]
fn graph_of_an_actor_at_two_hops_is_deterministic() {
    let a = ok(&["graph", "kirill-dmitriev", "--depth", "2"]);
    assert_eq!(a, ok(&["graph", "kirill-dmitriev", "--depth", "2"]));
    insta::assert_snapshot!("graph_dmitriev_depth2_dot", a);
}

#[test]
fn graph_of_the_claim_links_of_the_whole_kb() {
    insta::assert_snapshot!(
        "graph_all_claim_links_mermaid",
        ok(&[
            "graph",
            "--all",
            "--relations",
            "supports,contradicts,qualifies",
            "--format",
            "mermaid"
        ])
    );
    let all = ok(&["graph", "--all", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&all).unwrap();
    assert_eq!(v["center"], serde_json::Value::Null);
    assert_eq!(v["nodes"].as_array().unwrap().len(), 21 + 3 + 20 + 1);
}

#[test]
fn graph_errors_name_the_problem() {
    let r = run(&["graph", "wedge-hop"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("did you mean `wedge-hope`?"),
        "{}",
        r.stderr
    );
    let r = run(&["graph"]);
    assert_eq!(r.code, 2);
    let r = run(&["graph", "wedge-hope", "--format", "svg"]);
    assert_eq!(r.code, 2);
    let r = run(&["graph", "wedge-hope", "--relations", "likes"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("expected one of affiliated_with"),
        "{}",
        r.stderr
    );
    let r = run(&["graph", "wedge-hope", "--depth", "11"]);
    assert_eq!(r.code, 2);
}

#[test]
fn show_has_a_claims_corroboration() {
    let out = ok(&["show", "trump-detente-strategy"]);
    assert!(out.contains(
        "\nCorroboration\n  1 independent of 1 source (caliber-az-arctic-cooperation)\n  no flags\n  supports (1, transitively)\n    us-sees-tension-reduction  "
    ), "{out}");
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["show", "us-sees-tension-reduction", "--json"])).unwrap();
    let co = &v["corroboration"];
    assert_eq!(co["independent_sources"], 1);
    assert_eq!(co["flags"], serde_json::json!([]));
    assert_eq!(
        co["trees"]["supported_by"],
        serde_json::json!([{ "id": "trump-detente-strategy", "depth": 1, "parent": null }])
    );
    let actor: serde_json::Value =
        serde_json::from_str(&ok(&["show", "russia", "--json"])).unwrap();
    assert!(actor.get("corroboration").is_none());
}
