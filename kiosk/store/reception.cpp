#include "kiosk/store/reception.h"

namespace lobby {

Reception::Reception(Store& store) : store_(store), records_(store) {}

void Reception::catch_up() {
  if (!broken_) records_.follow();
}

Handled Reception::adopt_settings(const Settings& settings, Time now, const std::string& actor) {
  catch_up();
  if (engine().settings() == settings) return {};
  Event e;
  e.type = EventType::settings;
  e.t = now;
  e.settings = std::make_shared<const Settings>(settings);
  return handle(std::move(e), actor);
}

Handled Reception::handle(Event e, const std::string& actor) {
  // A customer who declines consent is not remembered: their number is neither stored nor used.
  if (e.type == EventType::arrive && !e.consent) e.phone.clear();
  Handled h;
  // Another program (the desk's `kiosk roster`) may record an event between catching up and
  // committing: then the store refuses the commit as stale and the event is decided again.
  for (int attempt = 1;; ++attempt) {
    if (broken_) return h.failure = broken_, h;
    try {
      catch_up();
      // The engine remembers recent visits only; the records remember them all.
      if (e.type == EventType::arrive && store_.has_visit(e.id)) {
        h.outcome.error = problem("visit-recorded", {{"visit", e.id}});
        return h;
      }
    } catch (const StoreError& err) {
      return h.failure = err.problem(), h;
    }
    h.outcome = records_.deciding_engine().apply(e);
    if (h.outcome.error) return h;
    try {
      h.committed = store_.record(e, h.outcome, actor, records_.last_seq());
      records_.record_seq(h.committed.event_seq);
      return h;
    } catch (const std::exception& err) {  // StoreError, or text the database cannot hold
      const auto* store_error = dynamic_cast<const StoreError*>(&err);
      const bool again = store_error && store_error->kind == StoreError::Kind::stale && attempt < 3;
      h.failure = store_error ? store_error->problem() : problem("store-io", {{"detail", err.what()}});
      h.outcome = {};
      try {
        records_.rebuild();  // the engine applied an event that was not recorded
      } catch (const StoreError& reload) {
        broken_ = problem("store-broken", {{"detail", h.failure.args["detail"] + "; reloading: " + reload.what()}});
        h.failure = broken_;
        return h;
      }
      if (!again) return h;
      h.failure = {};
    }
  }
}

Store::Purged Reception::purge_personal_data(Time now, int days) {
  if (broken_) throw StoreError(StoreError::Kind::io, broken_.args.at("detail"));
  Store::Purged p = store_.purge_personal_data(now, days);
  try {
    records_.rebuild();
  } catch (const StoreError& e) {
    broken_ = problem("store-broken", {{"detail", std::string("reloading after a purge: ") + e.what()}});
    throw;
  }
  return p;
}

}  // namespace lobby
