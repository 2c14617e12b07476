//! Relevance: queries a user would type, each with the entities that must come first and those
//! that must not appear at all, over the bundled briefing and a second KB with other names and
//! scripts (tests/fixtures/relevance). Every ranking bug found becomes a case here.

use arctic_brief::kb::{self, EntityKind, Kb};
use arctic_brief::search::{Index, Query, Scope, Tier};
use std::path::Path;
use std::sync::atomic::AtomicBool;

struct Case {
    q: &'static str,
    /// Must be the first result.
    top1: Option<&'static str>,
    /// Must all be among the first three.
    top3: &'static [&'static str],
    /// Must be among the results (anywhere).
    has: &'static [&'static str],
    /// Must not be among the results.
    absent: &'static [&'static str],
    /// `(a, b)`: `a` ranks above `b`.
    before: &'static [(&'static str, &'static str)],
    /// Every result is a typo rescue.
    did_you_mean: bool,
    /// Only results of this kind are checked for `absent` (the query may be unscoped).
    kind: Option<EntityKind>,
}

const D: Case = Case {
    q: "",
    top1: None,
    top3: &[],
    has: &[],
    absent: &[],
    before: &[],
    did_you_mean: false,
    kind: None,
};

const BUNDLED: &[Case] = &[
    Case {
        q: "lavrov",
        top1: Some("sergei-lavrov"),
        ..D
    },
    Case {
        q: "dmitr",
        top1: Some("kirill-dmitriev"),
        top3: &["dmitriev-energy-discussed"],
        before: &[("dmitriev-energy-discussed", "biden-administration")],
        ..D
    },
    Case {
        q: "pentagon",
        top1: Some("pentagon"),
        top3: &["pentagon-arctic-strategy"],
        absent: &[
            "wedge-hope",
            "allies-alarmed",
            "arctic-encircled",
            "biden-concern",
            "us-sees-tension-reduction",
        ],
        ..D
    },
    Case {
        q: "energy arctic",
        kind: Some(EntityKind::Claim),
        top3: &["dmitriev-energy-discussed"],
        absent: &["istanbul-meeting-announced", "wedge-hope"],
        ..D
    },
    Case {
        q: "arctic energy",
        kind: Some(EntityKind::Claim),
        top3: &["dmitriev-energy-discussed"],
        ..D
    },
    Case {
        q: "kind:claim energy",
        has: &["talks-centred-on-energy", "arctic-resource-potential"],
        absent: &["istanbul-meeting-announced", "istanbul-eases-tensions"],
        ..D
    },
    Case {
        q: "'energy",
        has: &["talks-centred-on-energy"],
        absent: &["istanbul-meeting-announced"],
        ..D
    },
    Case {
        q: "energy !china",
        has: &["talks-centred-on-energy", "dmitriev-energy-discussed"],
        absent: &["china-arctic-investment", "china"],
        ..D
    },
    Case {
        q: "lavorv",
        top1: Some("sergei-lavrov"),
        did_you_mean: true,
        ..D
    },
    Case {
        q: "dmitirev",
        top1: Some("kirill-dmitriev"),
        did_you_mean: true,
        ..D
    },
    Case {
        q: "moscow",
        top1: Some("russia"),
        ..D
    },
    Case {
        q: "лавров",
        top1: Some("sergei-lavrov"),
        ..D
    },
    Case {
        q: "中国",
        top1: Some("china"),
        ..D
    },
    Case {
        q: "trump",
        top1: Some("donald-trump"),
        top3: &["trump-detente-strategy"],
        ..D
    },
    Case {
        q: "^serg",
        top1: Some("sergei-lavrov"),
        absent: &["kirill-dmitriev"],
        ..D
    },
    Case {
        q: "nato | otan",
        top1: Some("nato"),
        ..D
    },
    Case {
        q: "by:lavrov",
        top1: Some("istanbul-meeting-announced"),
        absent: &["istanbul-eases-tensions", "sergei-lavrov"],
        ..D
    },
    Case {
        q: "kind:claim about:china",
        has: &["wedge-hope", "biden-concern", "polar-silk-road"],
        absent: &["talks-centred-on-energy"],
        ..D
    },
    Case {
        q: "mode:assessment",
        has: &["trump-detente-strategy", "wedge-unlikely"],
        absent: &["talks-centred-on-energy", "wedge-hope"],
        ..D
    },
    Case {
        q: "date:2025-02",
        top3: &[
            "istanbul-embassy-staffing-meeting",
            "istanbul-meeting-announced",
        ],
        absent: &["saudi-arabia-us-russia-talks", "pentagon-arctic-strategy"],
        ..D
    },
    Case {
        q: "after:2024",
        has: &[
            "istanbul-meeting-announced",
            "istanbul-embassy-staffing-meeting",
        ],
        absent: &[
            "pentagon-arctic-strategy",
            "china-near-arctic-declaration",
            "russia",
        ],
        ..D
    },
    Case {
        q: "before:2025",
        has: &["pentagon-arctic-strategy", "china-near-arctic-declaration"],
        absent: &["istanbul-meeting-announced"],
        ..D
    },
    Case {
        q: "kind:claim grade:C2",
        has: &["climate-opens-routes", "pentagon-arctic-strategy"],
        absent: &["wedge-hope", "talks-centred-on-energy"],
        ..D
    },
    Case {
        q: "istanbul",
        top1: Some("istanbul-embassy-staffing-meeting"),
        ..D
    },
    Case {
        q: "embassy staffing",
        top1: Some("istanbul-embassy-staffing-meeting"),
        ..D
    },
    Case {
        q: "caliber",
        top1: Some("caliber-az"),
        ..D
    },
    Case {
        q: "RDIF",
        top1: Some("russian-direct-investment-fund"),
        ..D
    },
    Case {
        q: "kirill dmitriev",
        top1: Some("kirill-dmitriev"),
        ..D
    },
    Case {
        q: "source:caliber kind:claim",
        has: &["wedge-hope", "polar-silk-road"],
        ..D
    },
    Case {
        q: "meeting:istanbul",
        top3: &[
            "istanbul-embassy-staffing-meeting",
            "istanbul-eases-tensions",
            "istanbul-meeting-announced",
        ],
        absent: &["wedge-hope", "saudi-arabia-us-russia-talks"],
        ..D
    },
    Case {
        q: "2025",
        has: &[
            "istanbul-embassy-staffing-meeting",
            "caliber-az-arctic-cooperation",
        ],
        ..D
    },
    Case {
        q: "status:scheduled",
        top1: Some("istanbul-embassy-staffing-meeting"),
        absent: &["saudi-arabia-us-russia-talks"],
        ..D
    },
];

const SECOND: &[Case] = &[
    Case {
        q: "frederikson",
        top1: Some("mette-frederiksen"),
        did_you_mean: true,
        ..D
    },
    Case {
        q: "mute egede",
        top1: Some("mute-egede"),
        ..D
    },
    Case {
        q: "múte",
        top1: Some("mute-egede"),
        ..D
    },
    Case {
        q: "gronland",
        top1: Some("greenland"),
        ..D
    },
    Case {
        q: "путин",
        top1: Some("vladimir-putin"),
        ..D
    },
    Case {
        q: "Путин",
        top1: Some("vladimir-putin"),
        ..D
    },
    Case {
        q: "патрушев",
        top1: Some("nikolai-patrushev"),
        absent: &["olga-patrusheva"],
        ..D
    },
    Case {
        q: "patrushev",
        top1: Some("nikolai-patrushev"),
        has: &["patrushev-board", "olga-patrusheva", "icebreakers"],
        ..D
    },
    Case {
        q: "习近平",
        top1: Some("xi-jinping"),
        ..D
    },
    Case {
        q: "王毅",
        top1: Some("wang-yi"),
        ..D
    },
    Case {
        q: "丝绸",
        top1: Some("polar-silk-road-forum"),
        ..D
    },
    Case {
        q: "sami",
        top1: Some("sami-council"),
        has: &["silje-karine-muotka", "hnn-sami"],
        ..D
    },
    Case {
        q: "samediggi",
        top1: Some("silje-karine-muotka"),
        ..D
    },
    Case {
        q: "kalaallit",
        top1: Some("greenland"),
        top3: &["egede-independence"],
        ..D
    },
    Case {
        q: "reindeer",
        top3: &["reindeer-rights", "sami-consultation"],
        ..D
    },
    Case {
        q: "kind:claim energy arctic",
        top3: &["diplomat-energy", "icebreakers"],
        absent: &["near-arctic", "nsr-cargo"],
        ..D
    },
    Case {
        q: "arctic !china",
        kind: Some(EntityKind::Claim),
        has: &["icebreakers"],
        absent: &["near-arctic", "diplomat-energy", "cosco-transits"],
        ..D
    },
    Case {
        q: "by:putin",
        top1: Some("nsr-cargo"),
        absent: &["icebreakers"],
        ..D
    },
    Case {
        q: "by:nikolai-patrushev",
        top1: Some("icebreakers"),
        absent: &["patrushev-board"],
        ..D
    },
    Case {
        q: "about:greenland date:2025",
        has: &["not-for-sale", "administrative-reform"],
        absent: &["egede-independence"],
        ..D
    },
    Case {
        q: "kind:claim grade:<=B2",
        has: &[
            "not-for-sale",
            "egede-independence",
            "near-arctic",
            "reindeer-rights",
            "patrushev-board",
        ],
        absent: &["icebreakers", "nsr-cargo", "diplomat-energy"],
        ..D
    },
    Case {
        q: "grade:>=C kind:source",
        has: &["hnn-china"],
        absent: &["hnn-russia", "hnn-sami"],
        ..D
    },
    Case {
        q: "wind",
        top3: &["sami-consultation", "reindeer-rights"],
        ..D
    },
    Case {
        q: "northern sea route",
        top3: &["hnn-russia"],
        has: &["nsr-cargo", "cosco-transits", "rosatom"],
        absent: &["greenland", "not-for-sale"],
        ..D
    },
    Case {
        q: "^xi$",
        top1: Some("xi-jinping"),
        absent: &["xi-jinping-not-an-id"],
        ..D
    },
    Case {
        q: "kind:source sami",
        top1: Some("hnn-sami"),
        ..D
    },
    Case {
        q: "nielsen | egede",
        top3: &["jens-frederik-nielsen", "mute-egede"],
        ..D
    },
    Case {
        q: "mode:quote",
        has: &["not-for-sale", "reindeer-rights"],
        absent: &["nsr-cargo"],
        ..D
    },
    Case {
        q: "after:2024-10-17 kind:claim",
        has: &["not-for-sale", "cosco-transits"],
        absent: &["egede-independence"],
        ..D
    },
    Case {
        q: "admin",
        kind: Some(EntityKind::Claim),
        top1: Some("administrative-reform"),
        absent: &["near-arctic", "nsr-cargo"],
        ..D
    },
];

fn check(kb: &Kb, index: &Index, c: &Case) {
    let q = Query::parse(c.q).unwrap_or_else(|e| panic!("{}: {e}", c.q));
    let scope = Scope {
        kind: c.kind,
        only: None,
    };
    let r = index.search(kb, &q, &scope, None, &AtomicBool::new(false));
    let ids: Vec<&str> = r.hits.iter().map(|h| kb.id_of(h.entity)).collect();
    let at = |id: &str| ids.iter().position(|x| *x == id);
    let show = || format!("`{}` gave {:?}", c.q, &ids[..ids.len().min(10)]);
    if let Some(first) = c.top1 {
        assert_eq!(ids.first().copied(), Some(first), "{}", show());
    }
    for id in c.top3 {
        assert!(
            at(id).is_some_and(|i| i < 3),
            "{id} not in the top 3: {}",
            show()
        );
    }
    for id in c.has {
        assert!(at(id).is_some(), "{id} missing: {}", show());
    }
    for id in c.absent {
        assert!(at(id).is_none(), "{id} must not appear: {}", show());
    }
    for (a, b) in c.before {
        assert!(
            at(a).is_some_and(|i| at(b).is_none_or(|j| i < j)),
            "{a} must rank above {b}: {}",
            show()
        );
    }
    if c.did_you_mean {
        assert!(
            !r.hits.is_empty() && r.hits.iter().all(|h| h.tier == Tier::DidYouMean),
            "{}",
            show()
        );
    } else if c.top1.is_some() {
        assert_ne!(r.hits[0].tier, Tier::DidYouMean, "{}", show());
    }
}

#[test]
fn bundled_briefing_ranks_what_was_meant_first() {
    let kb = kb::load_bundled().unwrap();
    let index = Index::build(&kb);
    for c in BUNDLED {
        check(&kb, &index, c);
    }
}

#[test]
fn other_names_and_scripts_rank_what_was_meant_first() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/relevance");
    let kb = kb::load_path(&dir).unwrap_or_else(|e| panic!("{}", e.render()));
    let index = Index::build(&kb);
    for c in SECOND {
        check(&kb, &index, c);
    }
}

#[test]
fn at_least_forty_cases() {
    assert!(BUNDLED.len() + SECOND.len() >= 40);
}

/// A long field never matches by letters scattered across it: every claim found for a word
/// holds it (or a form within a short window) in one of its fields.
#[test]
fn no_scattered_letter_matches_in_long_text() {
    let kb = kb::load_bundled().unwrap();
    let index = Index::build(&kb);
    for word in [
        "pentagon", "energy", "dmitr", "istanbul", "wedge", "strategy",
    ] {
        let q = Query::parse(word).unwrap();
        let scope = Scope {
            kind: Some(EntityKind::Claim),
            only: None,
        };
        let r = index.search(&kb, &q, &scope, None, &AtomicBool::new(false));
        for h in &r.hits {
            let marks = Index::highlight(&kb, &q, h);
            let span = marks.last().unwrap() - marks.first().unwrap() + 1;
            assert!(
                span <= word.len() + 2,
                "`{word}` spread over {span} characters in {}",
                kb.id_of(h.entity)
            );
        }
    }
}
