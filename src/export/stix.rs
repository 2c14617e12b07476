//! STIX 2.1 bundles for threat-intelligence platforms (OpenCTI, MISP): `export --format stix` for
//! one entity with its neighbourhood ([`entity_bundle`]), a briefing selection
//! ([`selection_bundle`]) or the whole KB ([`kb_bundle`]).
//!
//! Mapping: actors -> `identity` (person: individual; state, organisation, media: organization;
//! alliance, group: group; anonymous: unknown), sources -> `report`, claims -> `note` (`opinion`
//! for assessments) carrying the claim text, meetings -> `grouping`, links -> `relationship`
//! ([`rel_type`]). Admiralty credibility becomes `confidence` as the STIX 2.1 confidence appendix
//! maps it ([`confidence`]); the full grade is kept in `x_admiralty_grade`.
//!
//! Deterministic: ids are UUIDv5 in [`NAMESPACE`] of `kind:kb-id`, timestamps come from the data
//! (a claim's date, else its source's; a source's publication date; a meeting's date) and are
//! [`EPOCH`] where the data has none; objects are in a fixed order. Every reference resolves
//! inside the bundle: refs to entities outside it are left out, and a list that would be empty
//! names the bundle's author, the `arctic-brief` system identity every object is created by.
//! KB text is neutralised ([`crate::text::line`] / [`crate::text::block`]) before it is
//! serialised, and the JSON is hardened, so no control or invisible character leaves raw.

use crate::kb::{ActorKind, ClaimMode, ClaimStatus, EntityKind, EntityRef, Kb, PartialDate, Rel};
use crate::text;
use serde_json::{Map, Value, json};
use std::collections::HashSet;
use uuid::Uuid;

/// The UUIDv5 namespace of every id: itself UUIDv5 of `https://arctic-brief.invalid/stix` in the
/// URL namespace. Fixed forever, so re-imports match earlier imports.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x3a17d90b_f503_582f_ae6f_8f2810a9e19a);

/// The timestamp of data with no date of its own.
pub const EPOCH: &str = "1970-01-01T00:00:00.000Z";

/// The `identity` that authors every object (`created_by_ref`).
const AUTHOR_KEY: &str = "system:arctic-brief";

/// A STIX id: `type--uuid5(NAMESPACE, key)`.
pub fn stix_id(stix_type: &str, key: &str) -> String {
    format!("{stix_type}--{}", Uuid::new_v5(&NAMESPACE, key.as_bytes()))
}

/// The STIX type an entity maps to.
pub fn stix_type(kb: &Kb, e: EntityRef) -> &'static str {
    match e {
        EntityRef::Actor(_) => "identity",
        EntityRef::Source(_) => "report",
        EntityRef::Meeting(_) => "grouping",
        EntityRef::Claim(c) if kb.claim(c).mode == ClaimMode::Assessment => "opinion",
        EntityRef::Claim(_) => "note",
    }
}

/// The STIX id of an entity: from its kind and KB id, so it is stable across runs and machines.
pub fn object_id(kb: &Kb, e: EntityRef) -> String {
    stix_id(
        stix_type(kb, e),
        &format!("{}:{}", e.kind().as_str(), kb.id_of(e)),
    )
}

fn author_id() -> String {
    stix_id("identity", AUTHOR_KEY)
}

/// Admiralty credibility `1`-`6` as STIX confidence, per the STIX 2.1 appendix "Admiralty
/// Credibility": 1 -> 90, 2 -> 70, 3 -> 50, 4 -> 30, 5 -> 10; 6 (cannot be judged) has none.
pub fn confidence(credibility: u8) -> Option<u8> {
    match credibility {
        1 => Some(90),
        2 => Some(70),
        3 => Some(50),
        4 => Some(30),
        5 => Some(10),
        _ => None,
    }
}

/// STIX `identity_class` for an actor kind.
pub fn identity_class(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "individual",
        ActorKind::State | ActorKind::Organisation | ActorKind::Media => "organization",
        ActorKind::Alliance | ActorKind::Group => "group",
        ActorKind::Anonymous => "unknown",
    }
}

/// The `relationship_type` of a link.
pub fn rel_type(l: Rel) -> &'static str {
    match l {
        Rel::Affiliation => "affiliated-with",
        Rel::Participation => "participated-in",
        Rel::Said => "said",
        Rel::About => "about",
        Rel::AtMeeting => "made-at",
        Rel::ReportedIn => "reported-in",
        Rel::Published => "published",
        Rel::Relayed => "relayed",
        Rel::Cites => "cites",
        Rel::Supports => "supports",
        Rel::Contradicts => "contradicts",
        Rel::Qualifies => "qualifies",
    }
}

/// A STIX timestamp for a partial date: its first day, at midnight UTC.
pub fn timestamp(d: Option<PartialDate>) -> String {
    match d {
        Some(d) => format!(
            "{:04}-{:02}-{:02}T00:00:00.000Z",
            d.year,
            d.month.unwrap_or(1),
            d.day.unwrap_or(1)
        ),
        None => EPOCH.to_string(),
    }
}

/// The date an entity's STIX object is stamped with.
fn entity_date(kb: &Kb, e: EntityRef) -> Option<PartialDate> {
    match e {
        EntityRef::Actor(_) => None,
        EntityRef::Meeting(m) => kb.meeting(m).date,
        EntityRef::Claim(c) => {
            let c = kb.claim(c);
            c.date.or(kb.source(c.source).published)
        }
        EntityRef::Source(s) => kb.source(s).published,
    }
}

fn line(s: &str) -> Value {
    Value::from(text::line(s).into_owned())
}

fn block(s: &str) -> Value {
    Value::from(text::block(s).into_owned())
}

fn lines(v: &[String]) -> Value {
    Value::from(v.iter().map(|s| line(s)).collect::<Vec<_>>())
}

/// The entities of a bundle, for membership tests and ordered output.
struct Members {
    set: HashSet<EntityRef>,
    order: Vec<EntityRef>,
}

impl Members {
    /// `items` deduplicated, ordered by kind (actors, meetings, claims, sources), then KB id.
    fn new(kb: &Kb, items: impl IntoIterator<Item = EntityRef>) -> Members {
        let set: HashSet<EntityRef> = items.into_iter().collect();
        let mut order: Vec<EntityRef> = set.iter().copied().collect();
        order.sort_by(|a, b| (a.kind(), kb.id_of(*a)).cmp(&(b.kind(), kb.id_of(*b))));
        Members { set, order }
    }

    /// The STIX ids of the members among `refs`, in order, each once; the author when none is.
    fn refs(&self, kb: &Kb, refs: impl IntoIterator<Item = EntityRef>) -> Value {
        let mut seen = HashSet::new();
        let ids: Vec<String> = refs
            .into_iter()
            .filter(|e| self.set.contains(e) && seen.insert(*e))
            .map(|e| object_id(kb, e))
            .collect();
        if ids.is_empty() {
            json!([author_id()])
        } else {
            json!(ids)
        }
    }
}

/// The properties every object of an entity shares.
fn common(kb: &Kb, e: EntityRef, tags: &[String]) -> Map<String, Value> {
    let stamp = timestamp(entity_date(kb, e));
    let mut o = Map::new();
    o.insert("type".into(), json!(stix_type(kb, e)));
    o.insert("spec_version".into(), json!("2.1"));
    o.insert("id".into(), json!(object_id(kb, e)));
    o.insert("created_by_ref".into(), json!(author_id()));
    o.insert("created".into(), json!(stamp));
    o.insert("modified".into(), json!(stamp));
    if !tags.is_empty() {
        o.insert("labels".into(), lines(tags));
    }
    o.insert(
        "external_references".into(),
        json!([{ "source_name": "arctic-brief", "external_id": line(kb.id_of(e)) }]),
    );
    if let Some(f) = inferred(kb, e).filter(|f| !f.is_empty()) {
        o.insert("x_inferred_fields".into(), lines(f));
    }
    o
}

fn inferred(kb: &Kb, e: EntityRef) -> Option<&[String]> {
    Some(match e {
        EntityRef::Actor(a) => &kb.actor(a).inferred,
        EntityRef::Meeting(m) => &kb.meeting(m).inferred,
        EntityRef::Claim(c) => &kb.claim(c).inferred,
        EntityRef::Source(s) => &kb.source(s).inferred,
    })
}

fn put(o: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        o.insert(key.into(), v);
    }
}

fn identity(kb: &Kb, a: crate::kb::ActorId) -> Value {
    let actor = kb.actor(a);
    let mut o = common(kb, EntityRef::Actor(a), &actor.tags);
    o.insert("name".into(), line(&actor.name));
    o.insert("identity_class".into(), json!(identity_class(actor.kind)));
    put(&mut o, "description", actor.summary.as_deref().map(block));
    put(
        &mut o,
        "roles",
        actor.role.as_deref().map(|r| json!([line(r)])),
    );
    o.insert("x_actor_kind".into(), json!(actor.kind));
    if !actor.aliases.is_empty() {
        o.insert("x_actor_aliases".into(), lines(&actor.aliases));
    }
    put(
        &mut o,
        "x_actor_country",
        actor.country.as_deref().map(line),
    );
    Value::Object(o)
}

fn grouping(kb: &Kb, m: &Members, id: crate::kb::MeetingId) -> Value {
    let meeting = kb.meeting(id);
    let e = EntityRef::Meeting(id);
    let mut o = common(kb, e, &meeting.topics);
    o.insert("name".into(), line(&meeting.title));
    put(&mut o, "description", meeting.summary.as_deref().map(block));
    o.insert("context".into(), json!("unspecified"));
    let claims = kb.links().meeting_claims.get(id.index());
    let refs = (meeting.participants.iter().map(|a| EntityRef::Actor(*a)))
        .chain(claims.iter().map(|c| EntityRef::Claim(*c)))
        .chain(meeting.sources.iter().map(|s| EntityRef::Source(*s)));
    o.insert("object_refs".into(), m.refs(kb, refs));
    o.insert("x_meeting_status".into(), json!(meeting.status));
    put(&mut o, "x_stated_date", meeting.date.map(|d| json!(d)));
    if meeting.date_inferred() {
        o.insert("x_date_inferred".into(), json!(true));
    }
    put(
        &mut o,
        "x_date_text",
        meeting.date_text.as_deref().map(line),
    );
    put(
        &mut o,
        "x_meeting_place",
        meeting.place.as_deref().map(line),
    );
    Value::Object(o)
}

/// An assessment's `opinion` value: the KB records what was assessed, not whether the analyst
/// agrees, so it is `neutral` unless the claim's status has settled it.
fn opinion_value(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Confirmed => "agree",
        ClaimStatus::Reported => "neutral",
        ClaimStatus::Disputed => "disagree",
        ClaimStatus::Denied | ClaimStatus::Retracted => "strongly-disagree",
    }
}

fn claim_object(kb: &Kb, m: &Members, id: crate::kb::ClaimId) -> Value {
    let c = kb.claim(id);
    let e = EntityRef::Claim(id);
    let mut o = common(kb, e, &c.tags);
    let speaker = &kb.actor(c.by).name;
    if c.mode == ClaimMode::Assessment {
        o.insert("explanation".into(), block(&c.text));
        o.insert("opinion".into(), json!(opinion_value(c.status)));
    } else {
        o.insert(
            "abstract".into(),
            line(&format!("{speaker} ({}, {})", c.mode, c.status)),
        );
        o.insert("content".into(), block(&c.text));
    }
    o.insert("authors".into(), json!([line(speaker)]));
    let refs = std::iter::once(EntityRef::Actor(c.by))
        .chain(c.about.iter().map(|a| EntityRef::Actor(*a)))
        .chain(c.meeting.map(EntityRef::Meeting))
        .chain(std::iter::once(EntityRef::Source(c.source)));
    o.insert("object_refs".into(), m.refs(kb, refs));
    if let Some(g) = c.grade {
        put(
            &mut o,
            "confidence",
            confidence(g.credibility).map(|n| json!(n)),
        );
        o.insert("x_admiralty_grade".into(), json!(g));
        o.insert("x_admiralty_grade_meaning".into(), json!(g.spelled_out()));
    }
    o.insert("x_claim_mode".into(), json!(c.mode));
    o.insert("x_claim_status".into(), json!(c.status));
    put(&mut o, "x_stated_date", c.date.map(|d| json!(d)));
    if c.date_inferred() {
        o.insert("x_date_inferred".into(), json!(true));
    }
    put(&mut o, "x_date_text", c.date_text.as_deref().map(line));
    Value::Object(o)
}

fn report(kb: &Kb, m: &Members, id: crate::kb::SourceId) -> Value {
    let s = kb.source(id);
    let e = EntityRef::Source(id);
    let mut o = common(kb, e, &[]);
    o.insert("name".into(), line(&s.title));
    o.insert("published".into(), json!(timestamp(s.published)));
    let claims = kb.links().source_claims.get(id.index());
    let refs = claims
        .iter()
        .map(|c| EntityRef::Claim(*c))
        .chain(s.publisher.map(EntityRef::Actor))
        .chain(s.relayed_by.iter().map(|a| EntityRef::Actor(*a)));
    o.insert("object_refs".into(), m.refs(kb, refs));
    match s.url.as_deref().map(|u| (u, uri(u))) {
        Some((_, Some(url))) => {
            let name = s.publisher.map_or("url", |p| kb.actor(p).name.as_str());
            let refs = o.entry("external_references").or_insert_with(|| json!([]));
            if let Value::Array(v) = refs {
                v.push(json!({ "source_name": line(name), "url": url }));
            }
        }
        // Not a URI STIX accepts: kept, as text, where no importer will follow it.
        Some((raw, None)) => {
            o.insert("x_source_url".into(), line(raw));
        }
        None => {}
    }
    put(&mut o, "x_source_author", s.author.as_deref().map(line));
    put(&mut o, "x_source_via", s.via.as_deref().map(line));
    put(
        &mut o,
        "x_admiralty_reliability",
        s.reliability.map(|r| json!(r)),
    );
    if s.published_inferred() {
        o.insert("x_published_inferred".into(), json!(true));
    }
    Value::Object(o)
}

/// `url` as an RFC 3986 URI: a scheme, an authority of plain characters, and the rest with every
/// byte outside the unreserved and reserved sets (non-ASCII, spaces, controls, brackets, a stray
/// `%`) percent-encoded. `None` when it has no scheme or its authority is not plain.
pub fn uri(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once(':')?;
    let mut sc = scheme.bytes();
    let scheme_ok = sc.next().is_some_and(|b| b.is_ascii_alphabetic())
        && sc.all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b));
    if !scheme_ok {
        return None;
    }
    let (authority, tail) = match rest.strip_prefix("//") {
        Some(r) => r.split_at(r.find(['/', '?', '#']).unwrap_or(r.len())),
        None => ("", rest),
    };
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@[]".contains(&b);
    if !authority.bytes().all(plain) || (rest.starts_with("//") && authority.is_empty()) {
        return None;
    }
    let mut out = format!(
        "{scheme}:{}{authority}",
        if rest.starts_with("//") { "//" } else { "" }
    );
    let bytes = tail.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let escape_ok = b == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if escape_ok || (b != b'%' && b != b'[' && b != b']' && (plain(b) || b"/?#".contains(&b))) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

fn object(kb: &Kb, m: &Members, e: EntityRef) -> Value {
    match e {
        EntityRef::Actor(a) => identity(kb, a),
        EntityRef::Meeting(id) => grouping(kb, m, id),
        EntityRef::Claim(id) => claim_object(kb, m, id),
        EntityRef::Source(id) => report(kb, m, id),
    }
}

/// Every link held by `e`'s own fields (so each link is found once, from one end).
fn links_of(kb: &Kb, e: EntityRef) -> Vec<(EntityRef, Rel, EntityRef)> {
    use EntityRef::{Actor as A, Claim as C, Meeting as M, Source as S};
    let mut out = Vec::new();
    match e {
        A(a) => out.extend(
            kb.actor(a)
                .affiliations
                .iter()
                .map(|x| (e, Rel::Affiliation, A(*x))),
        ),
        M(m) => {
            let meeting = kb.meeting(m);
            out.extend(
                meeting
                    .participants
                    .iter()
                    .map(|x| (A(*x), Rel::Participation, e)),
            );
            out.extend(meeting.sources.iter().map(|x| (e, Rel::Cites, S(*x))));
        }
        C(c) => {
            let c = kb.claim(c);
            out.push((A(c.by), Rel::Said, e));
            out.extend(c.about.iter().map(|x| (e, Rel::About, A(*x))));
            out.extend(c.meeting.map(|x| (e, Rel::AtMeeting, M(x))));
            out.push((e, Rel::ReportedIn, S(c.source)));
            out.extend(c.supports.iter().map(|x| (e, Rel::Supports, C(*x))));
            out.extend(c.contradicts.iter().map(|x| (e, Rel::Contradicts, C(*x))));
            out.extend(c.qualifies.iter().map(|x| (e, Rel::Qualifies, C(*x))));
        }
        S(s) => {
            let s = kb.source(s);
            out.extend(s.publisher.map(|x| (A(x), Rel::Published, e)));
            out.extend(s.relayed_by.iter().map(|x| (A(*x), Rel::Relayed, e)));
        }
    }
    out
}

fn relationship(kb: &Kb, (from, link, to): (EntityRef, Rel, EntityRef)) -> Value {
    let key = |e: EntityRef| format!("{}:{}", e.kind().as_str(), kb.id_of(e));
    let stamp = timestamp(entity_date(kb, from).max(entity_date(kb, to)));
    json!({
        "type": "relationship",
        "spec_version": "2.1",
        "id": stix_id("relationship", &format!("{}|{}|{}", key(from), rel_type(link), key(to))),
        "created_by_ref": author_id(),
        "created": stamp,
        "modified": stamp,
        "relationship_type": rel_type(link),
        "source_ref": object_id(kb, from),
        "target_ref": object_id(kb, to),
    })
}

fn author() -> Value {
    json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": author_id(),
        "created": EPOCH,
        "modified": EPOCH,
        "name": "arctic-brief",
        "identity_class": "system",
        "description": "The arctic-brief knowledge base export: the author of every object in this bundle.",
    })
}

/// The bundle of `items` (each once) and every link between them, as pretty JSON ending in a
/// newline. The bundle's id is derived from its objects' ids, so the same items give the same id.
/// Objects are serialised one at a time, so memory is the output plus one object, not a tree of
/// the whole bundle.
pub fn bundle(kb: &Kb, items: impl IntoIterator<Item = EntityRef>) -> String {
    let m = Members::new(kb, items);
    let mut links: Vec<(EntityRef, Rel, EntityRef)> = m
        .order
        .iter()
        .flat_map(|e| links_of(kb, *e))
        .filter(|(from, _, to)| m.set.contains(from) && m.set.contains(to))
        .collect();
    links.sort_by(|x, y| {
        let k = |l: &(EntityRef, Rel, EntityRef)| {
            (l.1, l.0.kind(), kb.id_of(l.0), l.2.kind(), kb.id_of(l.2))
        };
        k(x).cmp(&k(y))
    });
    links.dedup();
    let objects = std::iter::once(author())
        .chain(m.order.iter().map(|e| object(kb, &m, *e)))
        .chain(links.into_iter().map(|l| relationship(kb, l)));
    let mut ids = String::new();
    let mut body = String::new();
    for (i, o) in objects.enumerate() {
        ids.push_str(o["id"].as_str().unwrap_or_default());
        ids.push('\n');
        let pretty = serde_json::to_string_pretty(&o).unwrap_or_default();
        body.push_str(if i == 0 { "" } else { ",\n" });
        for (j, l) in text::harden_json(&pretty).lines().enumerate() {
            body.push_str(if j == 0 { "    " } else { "\n    " });
            body.push_str(l);
        }
    }
    let id = stix_id("bundle", &ids);
    format!("{{\n  \"type\": \"bundle\",\n  \"id\": \"{id}\",\n  \"objects\": [\n{body}\n  ]\n}}\n")
}

/// One entity with its neighbourhood: it and every entity one link away.
pub fn entity_bundle(kb: &Kb, e: EntityRef) -> String {
    let near = kb.relations(e).into_iter().flat_map(|r| r.targets);
    bundle(kb, std::iter::once(e).chain(near))
}

/// A briefing selection: the selected entities, the claims they gather
/// ([`super::briefing::claims_of`]) and each claim's speaker, subjects, meeting and source.
pub fn selection_bundle(kb: &Kb, selection: &[EntityRef]) -> String {
    let claims = super::briefing::claims_of(kb, selection);
    let mut items: Vec<EntityRef> = selection.to_vec();
    for id in claims {
        let c = kb.claim(id);
        items.push(EntityRef::Claim(id));
        items.push(EntityRef::Actor(c.by));
        items.extend(c.about.iter().map(|a| EntityRef::Actor(*a)));
        items.extend(c.meeting.map(EntityRef::Meeting));
        items.push(EntityRef::Source(c.source));
    }
    bundle(kb, items)
}

/// Every entity of the KB.
pub fn kb_bundle(kb: &Kb) -> String {
    let all = EntityKind::ALL
        .iter()
        .flat_map(|k| kb.sorted(Some(*k)))
        .collect::<Vec<_>>();
    bundle(kb, all)
}

/// The file `export --all DIR --format stix` writes in DIR.
pub const BUNDLE_FILE: &str = "bundle.json";

/// Whether `contents` is a bundle this exporter wrote: one authored by the `arctic-brief`
/// identity. Such a file is replaced by a re-run without asking.
pub fn written_by_us(contents: &str) -> bool {
    serde_json::from_str::<Value>(contents).is_ok_and(|v| {
        v["type"] == "bundle"
            && v["objects"]
                .as_array()
                .is_some_and(|o| o.first().is_some_and(|a| a["id"] == author_id()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_follows_the_stix_admiralty_appendix() {
        let got: Vec<Option<u8>> = (1..=6).map(confidence).collect();
        assert_eq!(
            got,
            [Some(90), Some(70), Some(50), Some(30), Some(10), None]
        );
    }

    #[test]
    fn urls_become_uris_or_nothing() {
        assert_eq!(
            uri("https://example.org/a b?q=ø#x").as_deref(),
            Some("https://example.org/a%20b?q=%C3%B8#x")
        );
        assert_eq!(
            uri("https://e.org/100%").as_deref(),
            Some("https://e.org/100%25")
        );
        assert_eq!(
            uri("https://e.org/%41").as_deref(),
            Some("https://e.org/%41")
        );
        assert_eq!(
            uri("https://e.org/\u{1b}[2J").as_deref(),
            Some("https://e.org/%1B%5B2J")
        );
        assert_eq!(uri("mailto:a@b.org").as_deref(), Some("mailto:a@b.org"));
        assert_eq!(uri("example.org/page"), None);
        assert_eq!(uri("https://ev\u{1b}il.org/"), None);
        assert_eq!(uri("https:///path"), None);
        assert_eq!(uri("\u{1b}]52;c;x"), None);
    }

    #[test]
    fn partial_dates_stamp_their_first_day() {
        let d = |s| Some(PartialDate::parse(s).unwrap());
        assert_eq!(timestamp(d("2025")), "2025-01-01T00:00:00.000Z");
        assert_eq!(timestamp(d("2025-02")), "2025-02-01T00:00:00.000Z");
        assert_eq!(timestamp(d("2025-02-27")), "2025-02-27T00:00:00.000Z");
        assert_eq!(timestamp(None), EPOCH);
    }
}
