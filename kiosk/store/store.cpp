#include "kiosk/store/store.h"

#include "kiosk/core/local_time.h"
#include "kiosk/core/ticket.h"
#include "kiosk/common/crypto.h"
#include "kiosk/store/notices.h"
#include "kiosk/common/event_json.h"

namespace lobby {

namespace {

// Migrations in order; migration i brings the schema to user_version i+1. Never edit a
// shipped one: add the next.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE managers(
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  surname TEXT NOT NULL DEFAULT '',
  gender TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT 'manager' CHECK (role IN ('manager', 'supervisor')),
  pin_hash TEXT
);
-- Every event the engine accepted, in order: replaying them rebuilds its whole state.
CREATE TABLE events(
  seq INTEGER PRIMARY KEY,
  t TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE customers(
  phone TEXT PRIMARY KEY,
  surname TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  consent INTEGER NOT NULL,
  owner TEXT,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE TABLE visits(
  id TEXT PRIMARY KEY,
  day TEXT NOT NULL,
  ticket TEXT NOT NULL,
  arrived TEXT NOT NULL,
  phone TEXT,
  surname TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  line TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('waiting', 'receiving', 'done')),
  kind TEXT,
  owner TEXT,
  server TEXT,
  started TEXT,
  finished TEXT,
  UNIQUE (day, ticket)
);
CREATE TABLE decisions(
  seq INTEGER PRIMARY KEY,
  event_seq INTEGER NOT NULL REFERENCES events(seq),
  visit TEXT NOT NULL REFERENCES visits(id),
  day TEXT NOT NULL,
  t TEXT NOT NULL,
  kind TEXT NOT NULL,
  owner TEXT NOT NULL,
  server TEXT,
  previous_owner TEXT,
  turn_used INTEGER NOT NULL,
  explanation TEXT NOT NULL
);
CREATE INDEX decisions_by_day ON decisions(day);
CREATE TABLE skips(
  decision INTEGER NOT NULL REFERENCES decisions(seq),
  m TEXT NOT NULL,
  why TEXT NOT NULL
);
CREATE INDEX skips_by_decision ON skips(decision);
CREATE TABLE audit(
  seq INTEGER PRIMARY KEY,
  t TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
-- What HQ has yet to acknowledge, oldest first; uuid is the idempotency key. A row leaves
-- only when HQ answers stored or duplicate (sent) or conflict or invalid (quarantined).
CREATE TABLE outbox(
  seq INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL,  -- unique by construction; no index, so settling deletes by seq cheaply
  created TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL
);
-- Items HQ refused for good, kept for staff to look at; never retried by themselves.
CREATE TABLE quarantine(
  uuid TEXT PRIMARY KEY,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
-- The pusher's backoff, so a restarted kiosk does not hammer a struggling HQ.
CREATE TABLE sync_state(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  failures INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
INSERT INTO sync_state(id) VALUES(1);
)sql",
    // 2: a mistaken check-in can be voided by the supervisor; the visit stays, marked.
    R"sql(
ALTER TABLE visits ADD COLUMN voided TEXT;
ALTER TABLE visits ADD COLUMN void_reason TEXT;
)sql",
    // 3: the lobby's devices: how the board says a manager's name, and the printer's last state.
    R"sql(
ALTER TABLE managers ADD COLUMN pinyin TEXT NOT NULL DEFAULT '';
CREATE TABLE device_status(
  device TEXT PRIMARY KEY,
  problem TEXT NOT NULL,
  paper_near_end INTEGER NOT NULL,
  ticket TEXT NOT NULL,
  detail TEXT NOT NULL,
  at TEXT NOT NULL
);
)sql",
    // 4: notices to managers' phones (WeCom, DingTalk, Feishu, a webhook): see notices.cpp.
    kNoticesMigration,
    // 5: each staff member's PIN lock, so that a restart does not lift it (pin_locks.cpp).
    R"sql(
CREATE TABLE pin_locks(
  manager TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until INTEGER NOT NULL  -- the branch's local seconds
);
)sql",
    // 6: HQ sync health for the staff console: when HQ last took an item, since when and why not.
    R"sql(
ALTER TABLE sync_state ADD COLUMN last_success TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_state ADD COLUMN failing_since TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_state ADD COLUMN cause TEXT NOT NULL DEFAULT '';
)sql",
};
constexpr int kMigrationCount = sizeof kMigrations / sizeof *kMigrations;
static_assert(kMigrationCount == kSchemaVersion);

std::int64_t user_version(Db& db) {
  auto s = db.prepare("PRAGMA user_version");
  s.step();
  return s.int_at(0);
}

}  // namespace

Store::Store(const std::string& path, Mode mode, int busy_timeout_ms)
    : db_(path, mode == Mode::read_only, mode == Mode::read_write, busy_timeout_ms) {
  // SQLite happily opens an empty file; a kiosk database has its schema from the first open.
  {
    auto check = db_.prepare("PRAGMA quick_check");
    std::string verdict = check.step() ? check.text_at(0) : "no answer";
    if (verdict != "ok")
      throw StoreError(StoreError::Kind::corrupt, "database " + path + " failed its integrity check (" + verdict +
                                                      "): put back the latest backup copy of this file");
  }
  claim_database(db_, kKioskDatabase, mode != Mode::read_only);
  const std::int64_t v = user_version(db_);
  if (v > kSchemaVersion)
    throw StoreError(StoreError::Kind::newer_schema,
                     "database " + path + " was written by a newer version of the kiosk (schema " + std::to_string(v) +
                         ", this program knows up to " + std::to_string(kSchemaVersion) +
                         "): install the newer kiosk program");
  if (v == 0 && mode != Mode::read_write)
    throw StoreError(StoreError::Kind::io, "no kiosk database at " + path + ": check the path (kiosk replay --db "
                                           "or kiosk roster add --db create one)");
  if (mode != Mode::read_only) {
    db_.exec("PRAGMA journal_mode=WAL");
    // Deleted rows (sent outbox items, purged numbers) are zeroed, not left in free space where
    // a copied file would still give them away.
    db_.exec("PRAGMA secure_delete=ON");
  }
  if (v < kSchemaVersion) {
    if (mode == Mode::read_only)
      throw StoreError(StoreError::Kind::io, "database " + path + " is from an older version: open it once with "
                                                                  "`kiosk replay --db` or the kiosk to upgrade it");
    migrate();
  }
}

void Store::migrate() {
  WriteTransaction tx(db_);
  for (std::int64_t v = user_version(db_); v < kSchemaVersion; ++v) {
    db_.exec(kMigrations[v]);
    db_.exec(("PRAGMA user_version=" + std::to_string(v + 1)).c_str());
  }
  tx.commit();
}

Store::Replayed Store::replay_into(RotationEngine& engine, std::int64_t after_seq) const {
  auto s = db_.prepare("SELECT seq, body FROM events WHERE seq > ? ORDER BY seq");
  s.bind(1, after_seq);
  Replayed r;
  r.last_seq = after_seq;
  while (s.step()) {
    Event e;
    std::string error;
    if (!event_from_json(s.text_at(1), e, error))
      throw StoreError(StoreError::Kind::corrupt, "database " + db_.path() + ": recorded event " +
                                                      std::to_string(s.int_at(0)) + " cannot be read: " + error);
    r.decisions += engine.apply(e).decisions.size();
    r.last_seq = s.int_at(0);
    ++r.events;
  }
  return r;
}

std::int64_t Store::purged_customers() const {
  // Purged numbers are "anon-" pseudonyms: a range of the primary key, so this reads no table.
  auto s = db_.prepare("SELECT count(*) FROM customers WHERE phone >= 'anon-' AND phone < 'anon.'");
  s.step();
  return s.int_at(0);
}

std::int64_t Store::data_version() const {
  auto s = db_.prepare("PRAGMA data_version");
  s.step();
  return s.int_at(0);
}

namespace {
// A roster event as recorded: with everyone the records know by then, named as reports name
// them, so HQ's reports can name them too. A name no event may hold is sent as the id.
Event with_staff(Db& db, const Event& e) {
  Event named = e;
  named.staff.clear();
  auto s = db.prepare("SELECT id, display_name FROM managers ORDER BY rowid");
  while (s.step()) {
    std::string name = s.text_at(1);
    if (!recordable_text(name)) name = s.text_at(0);
    named.staff.push_back({s.text_at(0), std::move(name)});
  }
  return named;
}
}  // namespace

Committed Store::record(const Event& event, const Outcome& o, const std::string& actor, std::int64_t decided_after) {
  WriteTransaction tx(db_);
  if (decided_after >= 0) {
    auto last = db_.prepare("SELECT coalesce(max(seq), 0) FROM events");
    last.step();
    if (last.int_at(0) != decided_after)
      throw StoreError(StoreError::Kind::stale, "another program recorded an event meanwhile: decide again");
  }
  // Managers a roster names are known from then on (under their id until given a name).
  Event named;
  if (event.type == EventType::roster) {
    for (const std::string& m : event.order)
      db_.prepare("INSERT OR IGNORE INTO managers(id, display_name) VALUES(?, ?)").bind(1, m).bind(2, m).run();
    named = with_staff(db_, event);
  }
  const Event& e = event.type == EventType::roster ? named : event;
  Committed c;
  const std::string t = format_local_time(e.t);
  db_.prepare("INSERT INTO events(t, body) VALUES(?, ?)").bind(1, t).bind(2, event_text(e)).run();
  c.event_seq = db_.last_rowid();

  switch (e.type) {
    case EventType::arrive: {
      if (!e.phone.empty()) {
        db_.prepare(
               "INSERT INTO customers(phone, surname, title, consent, first_seen, last_seen) VALUES(?1, ?2, ?3, ?4, "
               "?5, ?5) ON CONFLICT(phone) DO UPDATE SET surname = iif(?2 = '', surname, ?2), "
               "title = iif(?3 = '', title, ?3), consent = ?4, last_seen = ?5")
            .bind(1, e.phone).bind(2, e.surname).bind(3, e.title).bind(4, std::int64_t{e.consent}).bind(5, t)
            .run();
      }
      const std::string day = format_day(e.t);
      auto next = db_.prepare("SELECT count(*) + 1 FROM visits WHERE day = ?");
      next.bind(1, day).step();
      c.ticket = format_ticket('A', static_cast<int>(next.int_at(0)));
      auto ins = db_.prepare(
          "INSERT INTO visits(id, day, ticket, arrived, phone, surname, title, line, status) "
          "VALUES(?, ?, ?, ?, ?, ?, ?, ?, 'waiting')");
      ins.bind(1, e.id).bind(2, day).bind(3, c.ticket).bind(4, t);
      e.phone.empty() ? ins.bind_null(5) : ins.bind(5, e.phone);
      ins.bind(6, e.surname).bind(7, e.title).bind(8, e.line.empty() ? "main" : e.line).run();
      break;
    }
    case EventType::finish:
      db_.prepare("UPDATE visits SET status = 'done', finished = ? WHERE id = ?").bind(1, t).bind(2, e.id).run();
      break;
    case EventType::void_visit:
      db_.prepare("UPDATE visits SET status = 'done', finished = coalesce(finished, ?1), voided = ?1, void_reason = ?2 "
                  "WHERE id = ?3")
          .bind(1, t).bind(2, e.reason).bind(3, e.id).run();
      // A number first given at a voided check-in was never really a customer's: forget it.
      db_.prepare("DELETE FROM customers WHERE phone = (SELECT phone FROM visits WHERE id = ?1) AND NOT EXISTS "
                  "(SELECT 1 FROM visits o WHERE o.phone = customers.phone AND o.voided IS NULL)")
          .bind(1, e.id).run();
      break;
    default: break;
  }

  for (const Decision& d : o.decisions) {
    const std::string dt = format_local_time(d.t);
    auto ins = db_.prepare(
        "INSERT INTO decisions(event_seq, visit, day, t, kind, owner, server, previous_owner, turn_used, explanation) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, c.event_seq).bind(2, d.visit).bind(3, format_day(d.t)).bind(4, dt).bind(5, name_of(d.kind));
    ins.bind(6, d.owner);
    d.server.empty() ? ins.bind_null(7) : ins.bind(7, d.server);
    d.previous_owner.empty() ? ins.bind_null(8) : ins.bind(8, d.previous_owner);
    ins.bind(9, std::int64_t{d.turn_used}).bind(10, decision_text(d)).run();
    const std::int64_t seq = db_.last_rowid();
    for (const Skip& s : d.skipped)
      db_.prepare("INSERT INTO skips(decision, m, why) VALUES(?, ?, ?)").bind(1, seq).bind(2, s.m).bind(3, name_of(s.why)).run();
    if (d.kind != Kind::reassigned)
      db_.prepare("UPDATE visits SET kind = ?, owner = ?, server = ?, status = 'receiving', started = ? WHERE id = ?")
          .bind(1, name_of(d.kind)).bind(2, d.owner).bind(3, d.server).bind(4, dt).bind(5, d.visit).run();
    else {
      // The visit keeps the kind it was first given (a waiting one had none). A finished visit
      // keeps its server; otherwise the new server receives it, or with none it waits again.
      auto up = db_.prepare(
          "UPDATE visits SET owner = ?1, kind = coalesce(kind, 'reassigned'), "
          "server = iif(status = 'done', server, ?2), started = iif(?2 IS NULL, started, coalesce(started, ?3)), "
          "status = iif(status = 'done', 'done', iif(?2 IS NULL, 'waiting', 'receiving')) WHERE id = ?4");
      up.bind(1, d.owner).bind(3, dt).bind(4, d.visit);
      d.server.empty() ? up.bind_null(2) : up.bind(2, d.server);
      up.run();
    }
    db_.prepare("UPDATE customers SET owner = ? WHERE phone = (SELECT phone FROM visits WHERE id = ?)")
        .bind(1, d.owner).bind(2, d.visit).run();
  }

  record_notices(db_, c.event_seq, plan_notices(e, o));
  c.outbox_uuid = new_uuid();
  // The audit log keeps exactly the item HQ receives.
  const std::string body = item_text(c.outbox_uuid, c.event_seq, e, o.decisions, c.ticket);
  db_.prepare("INSERT INTO audit(t, actor, action, detail) VALUES(?, ?, ?, ?)")
      .bind(1, t).bind(2, actor).bind(3, name_of(e.type)).bind(4, body).run();
  db_.prepare("INSERT INTO outbox(uuid, created, kind, payload) VALUES(?, ?, ?, ?)")
      .bind(1, c.outbox_uuid).bind(2, t).bind(3, item_kind(e)).bind(4, body).run();
  tx.commit();
  return c;
}

void Store::add_manager(const ManagerProfile& p, const std::string& pin) {
  WriteTransaction tx(db_);
  auto s = db_.prepare(
      "INSERT INTO managers(id, display_name, surname, gender, role, pin_hash, pinyin) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE SET display_name = ?2, surname = ?3, "
      "gender = ?4, role = ?5, pin_hash = coalesce(?6, pin_hash), pinyin = iif(?7 = '', pinyin, ?7)");
  s.bind(1, p.id).bind(2, p.display_name.empty() ? p.id : p.display_name).bind(3, p.surname).bind(4, p.gender);
  s.bind(5, p.role);
  pin.empty() ? s.bind_null(6) : s.bind(6, hash_pin(pin));
  s.bind(7, p.pinyin);
  s.run();
  tx.commit();
}

bool Store::has_manager(const std::string& id) const {
  auto s = db_.prepare("SELECT 1 FROM managers WHERE id = ?");
  return s.bind(1, id).step();
}

bool Store::has_visit(const std::string& id) const {
  auto s = db_.prepare("SELECT 1 FROM visits WHERE id = ?");
  return s.bind(1, id).step();
}

std::optional<KnownCustomer> Store::known_customer(const std::string& phone) const {
  auto s = db_.prepare("SELECT surname, title FROM customers WHERE phone = ? AND consent = 1");
  if (!s.bind(1, phone).step()) return std::nullopt;
  return KnownCustomer{s.text_at(0), s.text_at(1)};
}

std::optional<Store::VisitLabel> Store::visit_label(const std::string& visit) const {
  auto s = db_.prepare("SELECT ticket, surname, title FROM visits WHERE id = ?");
  if (!s.bind(1, visit).step()) return std::nullopt;
  return VisitLabel{s.text_at(0), s.text_at(1), s.text_at(2)};
}

std::vector<ManagerProfile> Store::managers() const {
  std::vector<ManagerProfile> r;
  auto s = db_.prepare("SELECT id, display_name, surname, gender, role, pinyin FROM managers ORDER BY rowid");
  while (s.step()) r.push_back({s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.text_at(4), s.text_at(5)});
  return r;
}

bool Store::check_pin(const std::string& manager, const std::string& pin) const {
  auto s = db_.prepare("SELECT pin_hash FROM managers WHERE id = ?");
  if (!s.bind(1, manager).step() || s.null_at(0)) return false;
  const std::optional<bool> right = verify_pin(pin, s.text_at(0));
  if (!right)
    throw StoreError(StoreError::Kind::corrupt, "the stored PIN of " + manager +
                                                    " cannot be read: the supervisor must set a new one");
  return *right;
}

}  // namespace lobby
