#include "kiosk/common/personal_data.h"

#include "kiosk/common/crypto.h"

#include <vector>

namespace lobby {

namespace {

// json_extract(column, '<event path>.<field>')
std::string field(const EventColumn& c, const char* name) {
  return "json_extract(" + c.column + ", '" + c.event + "." + name + "')";
}
std::string path(const EventColumn& c, const char* name) { return "'" + c.event + "." + name + "'"; }

std::size_t changes(Db& db) { return static_cast<std::size_t>(sqlite3_changes(db.handle())); }

}  // namespace

std::size_t choose_numbers_to_purge(Db& db, const EventColumn& src, const std::string& cutoff) {
  db.exec("CREATE TEMP TABLE IF NOT EXISTS purged_numbers(phone TEXT PRIMARY KEY, alias TEXT NOT NULL UNIQUE)");
  db.exec("DELETE FROM temp.purged_numbers");
  const std::string arrive = field(src, "ev") + " = 'arrive'";
  const std::string sql =
      "SELECT n FROM (SELECT " + field(src, "phone") + " AS n, 1 AS visit, " + field(src, "t") + " AS t FROM " +
      src.table + " WHERE " + arrive + " AND " + field(src, "phone") + " IS NOT NULL UNION ALL SELECT " + field(src, "referrer") + ", 0, " +
      field(src, "t") + " FROM " + src.table + " WHERE " + arrive + " AND " + field(src, "referrer") +
      " IS NOT NULL) WHERE substr(n, 1, " + std::to_string(kPseudonymPrefix.size()) + ") <> '" +
      std::string(kPseudonymPrefix) + "' GROUP BY n HAVING coalesce(max(iif(visit, t, NULL)), max(t)) < ?1";
  std::vector<std::string> numbers;
  {
    auto s = db.prepare(sql.c_str());
    s.bind(1, cutoff);
    while (s.step()) numbers.push_back(s.text_at(0));
  }
  for (const std::string& n : numbers)
    db.prepare("INSERT INTO temp.purged_numbers(phone, alias) VALUES(?, ?)")
        .bind(1, n).bind(2, std::string(kPseudonymPrefix) + random_hex(12)).run();
  return numbers.size();
}

std::size_t pseudonymise_events(Db& db, const EventColumn& c, const std::string& cutoff) {
  const std::string arrive = field(c, "ev") + " = 'arrive'";
  const std::string names = path(c, "surname") + ", " + path(c, "title");
  auto alias_of = [&](const char* name) {
    return "(SELECT alias FROM temp.purged_numbers WHERE phone = " + field(c, name) + ")";
  };
  std::size_t changed = 0;
  const std::string phones = "UPDATE " + c.table + " SET " + c.column + " = json_remove(json_set(" + c.column + ", " +
                             path(c, "phone") + ", " + alias_of("phone") + "), " + names + ") WHERE " + arrive +
                             " AND " + field(c, "phone") + " IN (SELECT phone FROM temp.purged_numbers)";
  db.prepare(phones.c_str()).run();
  changed += changes(db);
  const std::string referrers = "UPDATE " + c.table + " SET " + c.column + " = json_set(" + c.column + ", " +
                                path(c, "referrer") + ", " + alias_of("referrer") + ") WHERE " + arrive + " AND " +
                                field(c, "referrer") + " IN (SELECT phone FROM temp.purged_numbers)";
  db.prepare(referrers.c_str()).run();
  changed += changes(db);
  // A visitor who gave no number (or declined to be remembered) left only a name: it goes at
  // the same age as a customer's.
  const std::string nameless = "UPDATE " + c.table + " SET " + c.column + " = json_remove(" + c.column + ", " +
                               names + ") WHERE " + arrive + " AND " + field(c, "phone") + " IS NULL AND " +
                               field(c, "t") + " < ?1 AND (" + field(c, "surname") + " IS NOT NULL OR " +
                               field(c, "title") + " IS NOT NULL)";
  db.prepare(nameless.c_str()).bind(1, cutoff).run();
  changed += changes(db);
  return changed;
}

}  // namespace lobby
