//! The knowledge base: the typed model, loading with diagnostics, the link index, and how the
//! model's dates are worded (`dates`), corroboration and the contested-claims board
//! (`corroboration`, `board`), the link graph (`graph`). Knows nothing of terminals.

mod board;
mod chunk;
pub mod corroboration;
pub mod dates;
pub mod diag;
pub mod graph;
mod guard;
mod links;
mod load;
mod locate;
pub mod model;
mod problems;
pub mod progress;
mod raw;
pub mod synth;
mod validate;
mod views;

pub use corroboration::{
    BOARD_REACH, Backing, BoardClaim, ClaimLink, Cluster, Corroboration, Flag, Provenance, Side,
    Stance, Tree, TreeRow, Way,
};
pub use dates::{
    claim_date, date_phrase, meeting_date, meeting_date_short, published_date, short_date,
};
pub use diag::{Diagnostic, Location};
pub use graph::{Edge, Graph, GraphOptions, Node, NodeRef, Rel, RelSet};
pub use links::{Adjacency, Links};
pub use load::{
    LoadError, MAX_FILE_BYTES, kb_files, load_files, load_path, load_texts, return_large_buffers,
};
pub use model::*;
pub use progress::Progress;
pub use raw::fields_of;
pub use validate::MAX_TEXT_BYTES;
pub use views::{ClaimScope, SortBy};

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

/// One file of a KB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbFile {
    /// The path as shown in messages (relative as given, or `data/...` for the bundled KB).
    pub display: String,
    /// The path on disk; `None` for the bundled KB, which lives in the binary.
    pub path: Option<PathBuf>,
    /// The text itself when it lives in memory (the bundled KB, tests) rather than on disk.
    pub(crate) text: Option<Cow<'static, str>>,
}

/// A loaded, validated knowledge base. Immutable after load.
#[derive(Debug, Clone)]
pub struct Kb {
    pub(crate) actors: Vec<Actor>,
    pub(crate) meetings: Vec<Meeting>,
    pub(crate) claims: Vec<Claim>,
    pub(crate) sources: Vec<Source>,
    pub(crate) ids: HashMap<String, EntityRef>,
    pub(crate) links: Links,
    pub(crate) files: Vec<KbFile>,
    pub(crate) label: String,
}

/// A group of linked entities under one relation name ("Took part in", "Contradicted by", ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub label: &'static str,
    pub targets: Vec<EntityRef>,
}

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The label the bundled briefing goes by in messages.
pub const BUNDLED_LABEL: &str = "bundled briefing";

/// Loads the briefing compiled into the binary from `data/`.
pub fn load_bundled() -> Result<Kb, LoadError> {
    load_texts(
        BUNDLED_LABEL,
        bundled::FILES
            .iter()
            .map(|(name, text)| (name.to_string(), Cow::Borrowed(*text)))
            .collect(),
    )
}

/// The bundled briefing's files: their paths (`data/actors.yaml`) and text.
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    bundled::FILES
}

impl Kb {
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }
    pub fn meetings(&self) -> &[Meeting] {
        &self.meetings
    }
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }
    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id.index()]
    }
    pub fn meeting(&self, id: MeetingId) -> &Meeting {
        &self.meetings[id.index()]
    }
    pub fn claim(&self, id: ClaimId) -> &Claim {
        &self.claims[id.index()]
    }
    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id.index()]
    }
    pub fn links(&self) -> &Links {
        &self.links
    }
    pub fn files(&self) -> &[KbFile] {
        &self.files
    }
    /// Where the KB came from, for messages: the path given, or "bundled briefing".
    pub fn label(&self) -> &str {
        &self.label
    }
    /// Whether this is the read-only briefing compiled into the binary.
    pub fn is_bundled(&self) -> bool {
        self.files.iter().all(|f| f.path.is_none())
    }

    /// The entity with this id, in O(1).
    pub fn lookup(&self, id: &str) -> Option<EntityRef> {
        self.ids.get(id).copied()
    }

    pub fn len(&self) -> usize {
        self.actors.len() + self.meetings.len() + self.claims.len() + self.sources.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn count(&self, kind: EntityKind) -> usize {
        match kind {
            EntityKind::Actor => self.actors.len(),
            EntityKind::Meeting => self.meetings.len(),
            EntityKind::Claim => self.claims.len(),
            EntityKind::Source => self.sources.len(),
        }
    }

    pub fn id_of(&self, e: EntityRef) -> &str {
        match e {
            EntityRef::Actor(x) => &self.actors[x.index()].id,
            EntityRef::Meeting(x) => &self.meetings[x.index()].id,
            EntityRef::Claim(x) => &self.claims[x.index()].id,
            EntityRef::Source(x) => &self.sources[x.index()].id,
        }
    }

    /// What names the entity: an actor's name, a meeting's or source's title, a claim's text.
    pub fn title_of(&self, e: EntityRef) -> &str {
        match e {
            EntityRef::Actor(x) => &self.actors[x.index()].name,
            EntityRef::Meeting(x) => &self.meetings[x.index()].title,
            EntityRef::Claim(x) => &self.claims[x.index()].text,
            EntityRef::Source(x) => &self.sources[x.index()].title,
        }
    }

    pub fn origin(&self, e: EntityRef) -> Origin {
        match e {
            EntityRef::Actor(x) => self.actors[x.index()].origin,
            EntityRef::Meeting(x) => self.meetings[x.index()].origin,
            EntityRef::Claim(x) => self.claims[x.index()].origin,
            EntityRef::Source(x) => self.sources[x.index()].origin,
        }
    }

    /// Every entity of `kind` (all kinds when `None`), sorted by kind then id.
    pub fn sorted(&self, kind: Option<EntityKind>) -> Vec<EntityRef> {
        let mut out: Vec<EntityRef> = Vec::new();
        let want = |k: EntityKind| kind.is_none_or(|w| w == k);
        if want(EntityKind::Actor) {
            out.extend((0..self.actors.len()).map(|i| EntityRef::Actor(ActorId(i as u32))));
        }
        if want(EntityKind::Meeting) {
            out.extend((0..self.meetings.len()).map(|i| EntityRef::Meeting(MeetingId(i as u32))));
        }
        if want(EntityKind::Claim) {
            out.extend((0..self.claims.len()).map(|i| EntityRef::Claim(ClaimId(i as u32))));
        }
        if want(EntityKind::Source) {
            out.extend((0..self.sources.len()).map(|i| EntityRef::Source(SourceId(i as u32))));
        }
        out.sort_by(|a, b| {
            a.kind()
                .cmp(&b.kind())
                .then_with(|| self.id_of(*a).cmp(self.id_of(*b)))
        });
        out
    }

    /// The file and 1-based line where `e` is defined. Reads the file again (it is not kept in
    /// memory), so the answer reflects the file as it is now.
    pub fn definition(&self, e: EntityRef) -> Option<(&KbFile, usize)> {
        let origin = self.origin(e);
        let file = self.files.get(origin.file as usize)?;
        let text = match (&file.text, &file.path) {
            (Some(t), _) => Cow::Borrowed(t.as_ref()),
            (None, Some(p)) => Cow::Owned(std::fs::read_to_string(p).ok()?),
            (None, None) => return None,
        };
        let spot = locate::Spot::Item {
            section: e.kind().section(),
            item: origin.item as usize,
        };
        let mut wanted = locate::Wanted::new();
        wanted
            .entry(e.kind().section().to_string())
            .or_default()
            .insert(origin.item as usize);
        Some((
            file,
            locate::Marks::scan_for(load::content(&text), Some(&wanted))
                .find(&spot)
                .line,
        ))
    }

    /// A hash of what `e` says: its own fields, with references as ids, so it compares across two
    /// loads of a KB (positions and backlinks left out). Equal fingerprints: unchanged entity.
    pub fn fingerprint(&self, e: EntityRef) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let actor_ids = |v: &[ActorId]| {
            v.iter()
                .map(|x| self.actor(*x).id.as_str())
                .collect::<Vec<_>>()
        };
        let claim_ids = |v: &[ClaimId]| {
            v.iter()
                .map(|x| self.claim(*x).id.as_str())
                .collect::<Vec<_>>()
        };
        match e {
            EntityRef::Actor(x) => {
                let a = self.actor(x);
                (
                    &a.id,
                    &a.name,
                    a.kind,
                    &a.aliases,
                    &a.role,
                    actor_ids(&a.affiliations),
                    &a.country,
                    &a.tags,
                    &a.summary,
                    &a.inferred,
                )
                    .hash(&mut h);
            }
            EntityRef::Meeting(x) => {
                let m = self.meeting(x);
                let sources: Vec<&str> = m
                    .sources
                    .iter()
                    .map(|s| self.source(*s).id.as_str())
                    .collect();
                (
                    &m.id,
                    &m.title,
                    m.status,
                    actor_ids(&m.participants),
                    m.date,
                    &m.date_text,
                    &m.place,
                    &m.topics,
                    &m.summary,
                    sources,
                    &m.inferred,
                )
                    .hash(&mut h);
            }
            EntityRef::Claim(x) => {
                let c = self.claim(x);
                let meeting = c.meeting.map(|m| self.meeting(m).id.as_str());
                (
                    &c.id,
                    &c.text,
                    &self.actor(c.by).id,
                    &self.source(c.source).id,
                    actor_ids(&c.about),
                    meeting,
                    c.date,
                    &c.date_text,
                )
                    .hash(&mut h);
                (
                    c.mode,
                    c.status,
                    c.grade,
                    claim_ids(&c.supports),
                    claim_ids(&c.contradicts),
                    claim_ids(&c.qualifies),
                    &c.tags,
                    &c.inferred,
                )
                    .hash(&mut h);
            }
            EntityRef::Source(x) => {
                let s = self.source(x);
                let publisher = s.publisher.map(|p| self.actor(p).id.as_str());
                (
                    &s.id,
                    &s.title,
                    publisher,
                    &s.author,
                    s.published,
                    &s.url,
                    &s.via,
                    actor_ids(&s.relayed_by),
                    s.reliability,
                    &s.inferred,
                )
                    .hash(&mut h);
            }
        }
        h.finish()
    }

    /// The closest existing id to `word`, for "did you mean" on the command line.
    pub fn suggest_id(&self, word: &str) -> Option<&str> {
        diag::did_you_mean(word, self.ids.keys().map(String::as_str))
    }

    /// The order meetings are listed in everywhere: by date at its precision, undated last,
    /// then by id.
    pub fn meeting_order(&self, m: MeetingId) -> (bool, Option<PartialDate>, &str) {
        let m = self.meeting(m);
        (m.date.is_none(), m.date, m.id.as_str())
    }

    /// Meetings in [`Kb::meeting_order`].
    pub fn by_date(&self, mut ms: Vec<MeetingId>) -> Vec<MeetingId> {
        ms.sort_by(|a, b| self.meeting_order(*a).cmp(&self.meeting_order(*b)));
        ms
    }

    /// Every link and backlink of `e`, grouped by relation; empty groups are left out.
    pub fn relations(&self, e: EntityRef) -> Vec<Relation> {
        let l = &self.links;
        let actors = |v: &[ActorId]| v.iter().map(|x| EntityRef::Actor(*x)).collect::<Vec<_>>();
        let meetings =
            |v: &[MeetingId]| v.iter().map(|x| EntityRef::Meeting(*x)).collect::<Vec<_>>();
        let claims = |v: &[ClaimId]| v.iter().map(|x| EntityRef::Claim(*x)).collect::<Vec<_>>();
        let sources = |v: &[SourceId]| v.iter().map(|x| EntityRef::Source(*x)).collect::<Vec<_>>();
        let groups: Vec<(&'static str, Vec<EntityRef>)> = match e {
            EntityRef::Actor(a) => {
                let i = a.index();
                vec![
                    ("Affiliated with", actors(&self.actor(a).affiliations)),
                    ("Affiliated", actors(l.actor_affiliates.get(i))),
                    (
                        "Took part in",
                        meetings(&self.by_date(l.actor_meetings.get(i).to_vec())),
                    ),
                    (
                        "Spoke about",
                        meetings(&self.by_date(l.actor_meetings_spoken.get(i).to_vec())),
                    ),
                    ("Said", claims(l.actor_claims_made.get(i))),
                    ("Claims about", claims(l.actor_claims_about.get(i))),
                    ("Published", sources(l.actor_sources_published.get(i))),
                    ("Relayed", sources(l.actor_sources_relayed.get(i))),
                ]
            }
            EntityRef::Meeting(m) => {
                let i = m.index();
                let meeting = self.meeting(m);
                vec![
                    ("Participants", actors(&meeting.participants)),
                    ("Claims", claims(l.meeting_claims.get(i))),
                    ("Sources", sources(&meeting.sources)),
                ]
            }
            EntityRef::Claim(c) => {
                let i = c.index();
                let claim = self.claim(c);
                vec![
                    ("Said by", vec![EntityRef::Actor(claim.by)]),
                    ("About", actors(&claim.about)),
                    (
                        "At meeting",
                        claim.meeting.map(EntityRef::Meeting).into_iter().collect(),
                    ),
                    ("Reported in", vec![EntityRef::Source(claim.source)]),
                    ("Supports", claims(&claim.supports)),
                    ("Supported by", claims(l.claim_supported_by.get(i))),
                    ("Contradicts", claims(&claim.contradicts)),
                    ("Contradicted by", claims(l.claim_contradicted_by.get(i))),
                    ("Qualifies", claims(&claim.qualifies)),
                    ("Qualified by", claims(l.claim_qualified_by.get(i))),
                ]
            }
            EntityRef::Source(s) => {
                let i = s.index();
                vec![
                    (
                        "Publisher",
                        self.source(s)
                            .publisher
                            .map(EntityRef::Actor)
                            .into_iter()
                            .collect(),
                    ),
                    ("Relayed by", actors(&self.source(s).relayed_by)),
                    ("Claims reported", claims(l.source_claims.get(i))),
                    (
                        "Cited by meetings",
                        meetings(&self.by_date(l.source_meetings.get(i).to_vec())),
                    ),
                ]
            }
        };
        groups
            .into_iter()
            .filter(|(_, t)| !t.is_empty())
            .map(|(label, targets)| Relation { label, targets })
            .collect()
    }
}
