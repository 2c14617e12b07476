//! Domain rules the browser and the exports ask the model: what each list shows when it is linked to
//! an actor or a meeting, the order of every list, the timeline's order, what counts as contested,
//! and what changed between two loads of a KB. Pure functions over [`Kb`]; nothing here knows of
//! panes or terminals.

use super::model::*;
use super::{EntityKind, EntityRef, Kb};

/// What the Claims and Sources lists are narrowed to: an actor's claims (made or about), or a
/// meeting's.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ClaimScope {
    Actor(ActorId),
    Meeting(MeetingId),
}

impl ClaimScope {
    /// The scope an entity gives, when it gives one.
    pub fn of(e: EntityRef) -> Option<ClaimScope> {
        match e {
            EntityRef::Actor(a) => Some(ClaimScope::Actor(a)),
            EntityRef::Meeting(m) => Some(ClaimScope::Meeting(m)),
            _ => None,
        }
    }
    pub fn entity(self) -> EntityRef {
        match self {
            ClaimScope::Actor(a) => EntityRef::Actor(a),
            ClaimScope::Meeting(m) => EntityRef::Meeting(m),
        }
    }
}

/// An order a list can be sorted in.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum SortBy {
    /// As the KB lists them (meetings by date; linked lists as their relation gives them).
    #[default]
    Written,
    /// By name or title (a claim by its speaker's name).
    Name,
    /// By date at its precision, undated last.
    Date,
    /// Best grade first (a source by its reliability), ungraded last.
    Grade,
    /// By status in the order the vocabulary lists them.
    Status,
}

impl SortBy {
    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Written => "as written",
            SortBy::Name => "name",
            SortBy::Date => "date",
            SortBy::Grade => "grade",
            SortBy::Status => "status",
        }
    }

    /// The orders that make sense for entities of `kind` (`None`: a mixed list, the timeline).
    pub fn choices(kind: Option<EntityKind>) -> &'static [SortBy] {
        use SortBy::*;
        match kind {
            Some(EntityKind::Actor) => &[Written, Name],
            Some(EntityKind::Meeting) => &[Written, Name, Status],
            Some(EntityKind::Claim) => &[Written, Name, Date, Grade, Status],
            Some(EntityKind::Source) => &[Written, Name, Date, Grade],
            None => &[Written],
        }
    }
}

impl Kb {
    /// Sorts `v` by `by`, stably (ties keep their written order).
    pub fn sort_list(&self, v: &mut [EntityRef], by: SortBy) {
        let name = |e: EntityRef| match e {
            EntityRef::Claim(c) => self.actor(self.claim(c).by).name.to_lowercase(),
            e => self.title_of(e).to_lowercase(),
        };
        match by {
            SortBy::Written => {}
            SortBy::Name => v.sort_by_cached_key(|e| name(*e)),
            SortBy::Date => v.sort_by_cached_key(|e| {
                let d = match *e {
                    EntityRef::Source(s) => self.source(s).published,
                    e => self.timeline_date(e),
                };
                (d.is_none(), d)
            }),
            SortBy::Grade => v.sort_by_cached_key(|e| match *e {
                EntityRef::Claim(c) => self
                    .claim(c)
                    .grade
                    .map_or((1, 'Z', 9), |g| (0, g.reliability.letter(), g.credibility)),
                EntityRef::Source(s) => self
                    .source(s)
                    .reliability
                    .map_or((1, 'Z', 9), |r| (0, r.letter(), 0)),
                _ => (1, 'Z', 9),
            }),
            SortBy::Status => v.sort_by_cached_key(|e| match *e {
                EntityRef::Claim(c) => self.claim(c).status as usize,
                EntityRef::Meeting(m) => self.meeting(m).status as usize,
                _ => 0,
            }),
        }
    }

    /// Everything of `kind`, in the order lists show it: KB order, meetings by date.
    pub fn all_of(&self, kind: EntityKind) -> Vec<EntityRef> {
        let n = self.count(kind) as u32;
        let mut v: Vec<EntityRef> = (0..n)
            .map(|i| match kind {
                EntityKind::Actor => EntityRef::Actor(ActorId(i)),
                EntityKind::Meeting => EntityRef::Meeting(MeetingId(i)),
                EntityKind::Claim => EntityRef::Claim(ClaimId(i)),
                EntityKind::Source => EntityRef::Source(SourceId(i)),
            })
            .collect();
        if kind == EntityKind::Meeting {
            self.sort_meetings(&mut v);
        }
        v
    }

    /// Meetings an actor took part in or spoke about, in meeting order, once each.
    pub fn meetings_of(&self, a: ActorId) -> Vec<EntityRef> {
        let l = self.links();
        let mut v: Vec<EntityRef> = l
            .actor_meetings
            .get(a.index())
            .iter()
            .chain(l.actor_meetings_spoken.get(a.index()))
            .map(|m| EntityRef::Meeting(*m))
            .collect();
        self.sort_meetings(&mut v);
        v.dedup();
        v
    }

    /// The claims a scope gathers as the link index holds them: an actor's claims made, then
    /// those about it (a claim can be both), or a meeting's claims.
    pub fn scope_claims(&self, scope: ClaimScope) -> impl Iterator<Item = ClaimId> + '_ {
        let l = self.links();
        let (first, then): (&[ClaimId], &[ClaimId]) = match scope {
            ClaimScope::Actor(a) => (
                l.actor_claims_made.get(a.index()),
                l.actor_claims_about.get(a.index()),
            ),
            ClaimScope::Meeting(m) => (l.meeting_claims.get(m.index()), &[]),
        };
        first.iter().chain(then).copied()
    }

    /// The claims in a scope: an actor's (made or about, in KB order, once each) or a meeting's.
    pub fn claims_in(&self, scope: ClaimScope) -> Vec<EntityRef> {
        let mut ids: Vec<ClaimId> = self.scope_claims(scope).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(EntityRef::Claim).collect()
    }

    /// The sources behind `claims`, and a meeting's own sources when the scope is a meeting; in KB
    /// order, once each.
    pub fn sources_behind(
        &self,
        claims: &[EntityRef],
        scope: Option<ClaimScope>,
    ) -> Vec<EntityRef> {
        let mut ids: Vec<SourceId> = claims
            .iter()
            .filter_map(|c| match c {
                EntityRef::Claim(c) => Some(self.claim(*c).source),
                _ => None,
            })
            .collect();
        if let Some(ClaimScope::Meeting(m)) = scope {
            ids.extend(self.meeting(m).sources.iter().copied());
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(EntityRef::Source).collect()
    }

    /// An actor's meetings and dated claims in timeline order.
    pub fn timeline_of(&self, a: ActorId) -> Vec<EntityRef> {
        let mut v = self.meetings_of(a);
        v.extend(self.claims_in(ClaimScope::Actor(a)));
        self.timeline_order(v)
    }

    /// Every meeting and dated claim in timeline order.
    pub fn timeline_all(&self) -> Vec<EntityRef> {
        let mut v = self.all_of(EntityKind::Meeting);
        v.extend(self.all_of(EntityKind::Claim));
        self.timeline_order(v)
    }

    /// The date an entity sits at on the timeline.
    pub fn timeline_date(&self, e: EntityRef) -> Option<PartialDate> {
        match e {
            EntityRef::Meeting(m) => self.meeting(m).date,
            EntityRef::Claim(c) => self.claim(c).date,
            _ => None,
        }
    }

    /// Timeline order: by date at its precision (a year before its months, a month before its
    /// days), meetings before claims on the same date, undated meetings last; undated claims,
    /// actors and sources are left out.
    pub fn timeline_order(&self, mut v: Vec<EntityRef>) -> Vec<EntityRef> {
        v.retain(|e| match e {
            EntityRef::Meeting(_) => true,
            EntityRef::Claim(c) => self.claim(*c).date.is_some(),
            _ => false,
        });
        // Keys borrow the ids: no allocation per item (the whole timeline of a 100k-actor KB is
        // a quarter of a million items).
        let key = |e: &EntityRef| {
            let d = self.timeline_date(*e);
            (
                d.is_none(),
                d,
                matches!(e, EntityRef::Claim(_)),
                self.id_of(*e),
            )
        };
        v.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
        v.dedup();
        v
    }

    /// Whether a claim is contested: disputed, denied or retracted, or contradicted by another.
    pub fn is_contested(&self, c: ClaimId) -> bool {
        matches!(
            self.claim(c).status,
            ClaimStatus::Disputed | ClaimStatus::Denied | ClaimStatus::Retracted
        ) || !self.links().claim_contradicted_by.get(c.index()).is_empty()
    }

    fn sort_meetings(&self, v: &mut [EntityRef]) {
        v.sort_by(|a, b| {
            let key = |e: &EntityRef| match e {
                EntityRef::Meeting(m) => self.meeting_order(*m),
                _ => (true, None, ""),
            };
            key(a).cmp(&key(b))
        });
    }

    /// What changed from `old` to this KB, in words: "+1 claim, 2 actors changed", or "no
    /// changes". Linear in both KBs.
    pub fn changes_since(&self, old: &Kb) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut changed: Vec<String> = Vec::new();
        let plural = |n: usize, k: EntityKind| {
            if n == 1 { k.as_str() } else { k.plural() }
        };
        for &kind in EntityKind::ALL {
            let (mut added, mut removed, mut differ) = (0, 0, 0);
            for e in self.all_of(kind) {
                match old.lookup(self.id_of(e)) {
                    Some(o) if o.kind() == kind => {
                        if old.fingerprint(o) != self.fingerprint(e) {
                            differ += 1;
                        }
                    }
                    _ => added += 1,
                }
            }
            for e in old.all_of(kind) {
                if self.lookup(old.id_of(e)).is_none_or(|n| n.kind() != kind) {
                    removed += 1;
                }
            }
            if added > 0 {
                parts.push(format!("+{added} {}", plural(added, kind)));
            }
            if removed > 0 {
                parts.push(format!("-{removed} {}", plural(removed, kind)));
            }
            if differ > 0 {
                changed.push(format!("{differ} {} changed", plural(differ, kind)));
            }
        }
        parts.extend(changed);
        if parts.is_empty() {
            "no changes".to_string()
        } else {
            parts.join(", ")
        }
    }

    /// The entity with `e`'s id in this KB, when it is of the same kind (for carrying selections
    /// and history across a reload).
    pub fn same_as_in(&self, old: &Kb, e: EntityRef) -> Option<EntityRef> {
        self.lookup(old.id_of(e)).filter(|n| n.kind() == e.kind())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> Kb {
        crate::kb::load_bundled().unwrap()
    }

    #[test]
    fn meetings_are_listed_by_date_everywhere() {
        let kb = kb();
        let all = kb.all_of(EntityKind::Meeting);
        let keys: Vec<_> = all
            .iter()
            .map(|e| match e {
                EntityRef::Meeting(m) => kb.meeting_order(*m),
                _ => unreachable!(),
            })
            .collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn the_timeline_leaves_out_undated_claims_and_keeps_date_order() {
        let kb = kb();
        let t = kb.timeline_all();
        assert!(!t.is_empty());
        for e in &t {
            if let EntityRef::Claim(c) = e {
                assert!(kb.claim(*c).date.is_some());
            }
        }
        let dated: Vec<_> = t.iter().filter_map(|e| kb.timeline_date(*e)).collect();
        assert!(dated.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn sorting_by_grade_puts_the_best_first_and_the_ungraded_last() {
        let kb = kb();
        let mut v = kb.all_of(EntityKind::Claim);
        kb.sort_list(&mut v, SortBy::Grade);
        let grades: Vec<_> = v
            .iter()
            .map(|e| match e {
                EntityRef::Claim(c) => kb.claim(*c).grade.map(|g| g.to_string()),
                _ => unreachable!(),
            })
            .collect();
        let graded: Vec<_> = grades.iter().flatten().collect();
        assert!(graded.windows(2).all(|w| w[0] <= w[1]), "{grades:?}");
        let first_none = grades
            .iter()
            .position(Option::is_none)
            .unwrap_or(grades.len());
        assert!(grades[first_none..].iter().all(Option::is_none));
    }

    #[test]
    fn a_kb_compared_with_itself_has_no_changes() {
        let kb = kb();
        assert_eq!(kb.changes_since(&kb), "no changes");
    }
}
