//! Property tests: the loader never panics, whatever text or YAML-shaped input it is given, and
//! whatever it accepts is internally consistent.

use arctic_brief::kb::{self, EntityKind, EntityRef, Kb, fields_of};
use proptest::prelude::*;
use serde_yaml::{Mapping, Value};
use std::borrow::Cow;

fn load(files: Vec<String>) -> Result<Kb, kb::LoadError> {
    let files = files
        .into_iter()
        .enumerate()
        .map(|(i, t)| (format!("f{i}.yaml"), Cow::Owned(t)))
        .collect();
    kb::load_texts("prop", files)
}

/// Every diagnostic renders, and every link of an accepted KB points inside it.
fn check_outcome(r: Result<Kb, kb::LoadError>) {
    match r {
        Err(e) => {
            assert!(!e.diagnostics.is_empty());
            let rendered = e.render();
            assert!(
                !rendered
                    .chars()
                    .any(|c| c != '\n' && arctic_brief::text::is_unsafe_char(c))
            );
        }
        Ok(kb) => {
            for e in kb.sorted(None) {
                assert_eq!(kb.lookup(kb.id_of(e)), Some(e));
                for rel in kb.relations(e) {
                    for t in rel.targets {
                        assert!(kb.lookup(kb.id_of(t)).is_some());
                    }
                }
            }
        }
    }
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        (1000u32..3000).prop_map(|n| Value::Number(n.into())),
        "[a-z0-9-]{1,12}".prop_map(Value::String),
        "(19|20)[0-9]{2}(-[01][0-9](-[0-3][0-9])?)?".prop_map(Value::String),
        "[A-G][0-7]".prop_map(Value::String),
        prop::sample::select(vec![
            "person", "state", "held", "quote", "reported", "a", "b", "c"
        ])
        .prop_map(|s| Value::String(s.into())),
        "\\PC{0,20}".prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Sequence),
            prop::collection::vec(("[a-z]{1,6}", inner), 0..3).prop_map(|kv| Value::Mapping(
                kv.into_iter().map(|(k, v)| (Value::String(k), v)).collect()
            )),
        ]
    })
}

fn entity(kind: EntityKind) -> impl Strategy<Value = Value> {
    let names: Vec<&'static str> = fields_of(kind).to_vec();
    let keys = prop_oneof![
        8 => prop::sample::select(names),
        1 => Just("particpants"),
        1 => Just("<<"),
    ];
    prop::collection::vec((keys, value()), 0..10).prop_map(|kv| {
        let mut m = Mapping::new();
        for (k, v) in kv {
            m.insert(Value::String(k.to_string()), v);
        }
        Value::Mapping(m)
    })
}

fn kb_file() -> impl Strategy<Value = String> {
    let section = |kind: EntityKind| prop::collection::vec(entity(kind), 0..5);
    (
        section(EntityKind::Actor),
        section(EntityKind::Meeting),
        section(EntityKind::Claim),
        section(EntityKind::Source),
        prop::option::of(value()),
    )
        .prop_map(|(a, m, c, s, extra)| {
            let mut root = Mapping::new();
            root.insert("actors".into(), Value::Sequence(a));
            root.insert("meetings".into(), Value::Sequence(m));
            root.insert("claims".into(), Value::Sequence(c));
            root.insert("sources".into(), Value::Sequence(s));
            if let Some(x) = extra {
                root.insert("extra".into(), x);
            }
            serde_yaml::to_string(&Value::Mapping(root)).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        check_outcome(load(vec![text]));
    }

    #[test]
    fn arbitrary_bytes_as_lossy_text_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check_outcome(load(vec![String::from_utf8_lossy(&bytes).into_owned()]));
    }

    #[test]
    fn yaml_shaped_input_never_panics(files in prop::collection::vec(kb_file(), 1..4)) {
        check_outcome(load(files));
    }

    #[test]
    fn yaml_with_mangled_lines_never_panics(file in kb_file(), cut in any::<prop::sample::Index>(), junk in "[\\[\\]{}:,&*!|>'\" -]{1,4}") {
        let mut lines: Vec<String> = file.lines().map(str::to_string).collect();
        if !lines.is_empty() {
            let i = cut.index(lines.len());
            lines[i].push_str(&junk);
        }
        check_outcome(load(vec![lines.join("\n")]));
    }
}

#[test]
fn a_valid_generated_shape_is_accepted() {
    let text = "actors:\n  - {id: a, name: A, kind: person}\nclaims:\n  - {id: c, text: T, by: a, source: s}\nsources:\n  - {id: s, title: S, published: 2025}\n";
    let kb = load(vec![text.into()]).unwrap_or_else(|e| panic!("{}", e.render()));
    assert!(matches!(kb.lookup("c"), Some(EntityRef::Claim(_))));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    #[test]
    fn generated_kbs_load_and_keep_their_counts(actors in 1usize..60, files in 1usize..4, seed in any::<u64>()) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("kb");
        kb::synth::write_kb(&out, &kb::synth::Params { actors, files, seed }).unwrap();
        let kb = kb::load_path(&out).unwrap_or_else(|e| panic!("{}", e.render()));
        prop_assert_eq!(kb.actors().len(), actors);
        prop_assert_eq!(kb.claims().len(), actors * 2);
        check_outcome(Ok(kb));
    }
}
