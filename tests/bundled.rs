//! The bundled briefing: loads cleanly, has what the article names, and links as the article does.

use arctic_brief::kb::{self, ClaimMode, ClaimStatus, EntityRef, Kb, MeetingStatus};

fn kb() -> Kb {
    kb::load_bundled().unwrap_or_else(|e| panic!("{}", e.render()))
}

fn claim<'a>(kb: &'a Kb, id: &str) -> &'a kb::Claim {
    match kb.lookup(id) {
        Some(EntityRef::Claim(c)) => kb.claim(c),
        other => panic!("{id}: {other:?}"),
    }
}

fn titles(kb: &Kb, e: EntityRef, relation: &str) -> Vec<String> {
    kb.relations(e)
        .into_iter()
        .find(|r| r.label == relation)
        .map(|r| r.targets.iter().map(|t| kb.id_of(*t).to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn counts() {
    let kb = kb();
    assert_eq!(kb.actors().len(), 20);
    assert_eq!(kb.meetings().len(), 3);
    assert_eq!(kb.claims().len(), 20);
    assert_eq!(kb.sources().len(), 1);
    assert!(kb.is_bundled());
}

#[test]
fn every_named_actor_is_there_with_its_aliases() {
    let kb = kb();
    for id in [
        "united-states",
        "russia",
        "china",
        "nato",
        "ukraine",
        "canada",
        "nordic-countries",
        "saudi-arabia",
        "donald-trump",
        "sergei-lavrov",
        "kirill-dmitriev",
        "russian-direct-investment-fund",
        "biden-administration",
        "pentagon",
        "european-and-nato-allies",
        "caliber-az",
        "vugar-khalilov",
        "sources-familiar-with-the-matter",
        "individual-familiar-with-the-talks",
        "experts",
    ] {
        assert!(matches!(kb.lookup(id), Some(EntityRef::Actor(_))), "{id}");
    }
    let alias = |id: &str, a: &str| match kb.lookup(id) {
        Some(EntityRef::Actor(x)) => kb.actor(x).aliases.iter().any(|s| s == a),
        _ => false,
    };
    assert!(alias("russia", "Moscow"));
    assert!(alias("china", "Beijing"));
    assert!(alias("sergei-lavrov", "Сергей Лавров"));
    for anon in [
        "sources-familiar-with-the-matter",
        "individual-familiar-with-the-talks",
        "experts",
    ] {
        let Some(EntityRef::Actor(a)) = kb.lookup(anon) else {
            panic!()
        };
        assert_eq!(kb.actor(a).kind, kb::ActorKind::Anonymous);
    }
}

#[test]
fn meetings_as_the_article_gives_them() {
    let kb = kb();
    let m = |id: &str| match kb.lookup(id) {
        Some(EntityRef::Meeting(m)) => kb.meeting(m).clone(),
        other => panic!("{id}: {other:?}"),
    };
    let istanbul = m("istanbul-embassy-staffing-meeting");
    assert_eq!(istanbul.status, MeetingStatus::Scheduled);
    assert_eq!(istanbul.date.unwrap().to_string(), "2025-02-27");
    assert_eq!(istanbul.date_text.as_deref(), Some("February 27"));
    assert_eq!(
        istanbul.inferred,
        ["date"],
        "the year is not in the article"
    );
    assert_eq!(istanbul.place.as_deref(), Some("Istanbul"));
    assert_eq!(
        m("saudi-arabia-us-russia-talks").status,
        MeetingStatus::Held
    );
    assert_eq!(m("us-russia-arctic-talks").status, MeetingStatus::Ongoing);
}

#[test]
fn lavrov_links_to_the_istanbul_meeting_and_his_claim() {
    let kb = kb();
    let lavrov = kb.lookup("sergei-lavrov").unwrap();
    assert_eq!(titles(&kb, lavrov, "Said"), ["istanbul-meeting-announced"]);
    assert_eq!(
        titles(&kb, lavrov, "Spoke about"),
        ["istanbul-embassy-staffing-meeting"]
    );
    let c = claim(&kb, "istanbul-meeting-announced");
    assert_eq!(
        kb.meeting(c.meeting.unwrap()).id,
        "istanbul-embassy-staffing-meeting"
    );
    let meeting = kb.lookup("istanbul-embassy-staffing-meeting").unwrap();
    assert!(titles(&kb, meeting, "Claims").contains(&"istanbul-meeting-announced".to_string()));
}

#[test]
fn dmitriev_links_to_the_saudi_talks_and_his_claim() {
    let kb = kb();
    let d = kb.lookup("kirill-dmitriev").unwrap();
    assert_eq!(titles(&kb, d, "Said"), ["dmitriev-energy-discussed"]);
    assert_eq!(
        titles(&kb, d, "Spoke about"),
        ["saudi-arabia-us-russia-talks"]
    );
    assert_eq!(
        titles(&kb, d, "Affiliated with"),
        ["russian-direct-investment-fund"]
    );
    assert_eq!(
        claim(&kb, "dmitriev-energy-discussed").status,
        ClaimStatus::Confirmed
    );
}

#[test]
fn the_wedge_hope_is_contradicted_by_its_assessment() {
    let kb = kb();
    let hope = kb.lookup("wedge-hope").unwrap();
    let unlikely = kb.lookup("wedge-unlikely").unwrap();
    assert_eq!(titles(&kb, hope, "Contradicted by"), ["wedge-unlikely"]);
    assert_eq!(titles(&kb, unlikely, "Contradicts"), ["wedge-hope"]);
    let c = claim(&kb, "wedge-hope");
    assert_eq!(kb.actor(c.by).id, "individual-familiar-with-the-talks");
    assert_eq!(claim(&kb, "wedge-unlikely").mode, ClaimMode::Assessment);
}

#[test]
fn every_claim_is_graded_and_cites_the_article() {
    let kb = kb();
    assert!(kb.claims().len() >= 15);
    for c in kb.claims() {
        assert!(c.grade.is_some(), "{}", c.id);
        assert_eq!(kb.source(c.source).id, "caliber-az-arctic-cooperation");
    }
    let src = kb.sources()[0].clone();
    assert_eq!(
        src.title,
        "Media: US, Russia consider joint exploration of natural resources in Arctic"
    );
    assert_eq!(src.author.as_deref(), Some("Vugar Khalilov"));
    assert_eq!(src.via.as_deref(), Some("foreign media"));
    assert_eq!(kb.actor(src.publisher.unwrap()).id, "caliber-az");
}

#[test]
fn every_claim_text_is_drawn_from_the_article() {
    // Faithfulness guard: the distinctive words of each claim appear in the article.
    let article = include_str!("fixtures/article/arctic-us-russia.txt").to_lowercase();
    let kb = kb();
    for c in kb.claims() {
        let words: Vec<String> = c
            .text
            .to_lowercase()
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| w.len() > 6)
            .map(str::to_string)
            .collect();
        let missing: Vec<&String> = words
            .iter()
            .filter(|w| !article.contains(w.as_str()))
            .collect();
        assert!(missing.len() * 5 <= words.len(), "{}: {missing:?}", c.id);
    }
}
