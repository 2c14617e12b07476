//! `arctic-brief schema` against the loader: the bundled briefing and every valid fixture
//! satisfy the schema, and every broken fixture the loader rejects for a reason a schema can
//! express is rejected by the schema too. The validator is Python's `jsonschema` (draft
//! 2020-12), which `.ci/run` installs; the YAML is read by the same `serde_yaml` as the loader,
//! so both see the same values.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const VALIDATE: &str = r#"
import json, sys
try:
    import jsonschema
except ImportError:
    sys.exit("python3 needs the jsonschema package (apt-get install python3-jsonschema, or pip install jsonschema)")
job = json.load(sys.stdin)
jsonschema.Draft202012Validator.check_schema(job["schema"])
v = jsonschema.Draft202012Validator(job["schema"])
print(json.dumps({name: [e.message for e in v.iter_errors(doc)] for name, doc in job["docs"]}))
"#;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every YAML file under `dir`, as JSON; files serde_yaml cannot read as one value are left out.
fn docs(dir: &Path) -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    for p in paths {
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&text) else {
            continue;
        };
        let Ok(json) = serde_json::to_value(value) else {
            continue;
        };
        out.push((p.display().to_string(), json));
    }
    out
}

/// Each document's schema errors, by name.
fn validate(docs: &[(String, serde_json::Value)]) -> serde_json::Map<String, serde_json::Value> {
    let schema: serde_json::Value = serde_json::from_str(&schema_text()).unwrap();
    let job = serde_json::json!({ "schema": schema, "docs": docs });
    let mut child = Command::new("python3")
        .args(["-c", VALIDATE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs the schema validator");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(job.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn schema_text() -> String {
    let out = assert_cmd::Command::cargo_bin("arctic-brief")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_bundled_briefing_and_the_valid_fixtures_satisfy_the_schema() {
    let mut all = docs(&root().join("data"));
    all.extend(docs(&root().join("tests/fixtures/valid")));
    assert!(all.len() >= 6);
    for (name, errors) in validate(&all) {
        assert_eq!(errors, serde_json::json!([]), "{name}");
    }
}

#[test]
fn broken_fixtures_with_a_schema_reason_are_rejected_by_the_schema() {
    // The cases a schema can see: not cross-file links, duplicate ids or keys, or YAML syntax.
    let cases = [
        "bad-date",
        "bad-enum",
        "bad-grade",
        "bad-id",
        "bad-reliability",
        "missing-field",
        "not-a-mapping",
        "unknown-field",
        "unknown-section",
        "wrong-type",
    ];
    for case in cases {
        let dir = root().join("tests/fixtures/broken").join(case);
        assert!(
            arctic_brief::kb::load_path(&dir).is_err(),
            "{case}: the loader accepts it"
        );
        let results = validate(&docs(&dir));
        let rejected = results
            .values()
            .any(|e| e.as_array().is_some_and(|a| !a.is_empty()));
        assert!(rejected, "{case}: the schema accepts it: {results:?}");
    }
}

#[test]
fn the_schema_describes_every_field_the_loader_knows() {
    let schema: serde_json::Value = serde_json::from_str(&schema_text()).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    for &kind in arctic_brief::kb::EntityKind::ALL {
        let props = &schema["$defs"][kind.as_str()]["properties"];
        for field in arctic_brief::kb::fields_of(kind) {
            let p = &props[field];
            assert!(p.is_object(), "{kind:?}.{field} missing");
            assert!(
                p["description"].is_string(),
                "{kind:?}.{field} has no description"
            );
        }
        let n = props.as_object().unwrap().len();
        assert_eq!(
            n,
            arctic_brief::kb::fields_of(kind).len(),
            "{kind:?}: extra fields"
        );
    }
}
