#include "kiosk/devices/ticket_printer.h"

#include "kiosk/common/log_line.h"

#include "kiosk/core/local_time.h"

#include <cstdio>
#include <ctime>

namespace lobby {

namespace {

std::string local_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return format_local_time(static_cast<long long>(now) + local.tm_gmtoff);
}

}  // namespace

DeviceStatus device_status_of(const PrintResult& r, const std::string& ticket, const std::string& at) {
  DeviceStatus s;
  s.device = "printer";
  s.problem = std::string(escpos::name_of(r.problem));
  s.paper_near_end = r.paper_near_end;
  if (!r.ok()) s.ticket = ticket;
  s.detail = r.detail;
  s.at = at;
  return s;
}

std::string print_log_line(const std::string& ticket, const PrintResult& r) {
  std::vector<LogField> fields{{"ticket", ticket}};
  if (!r.ok()) fields.emplace_back("problem", escpos::name_of(r.problem));
  if (r.paper_near_end) fields.emplace_back("paper_near_end", true);
  if (!r.detail.empty()) fields.emplace_back("detail", r.detail);
  return r.ok() ? log_line(LogLevel::info, "ticket_printed", fields)
                : log_line(LogLevel::warn, "ticket_print_failed", fields);
}

TicketPrinter::TicketPrinter(PrinterSettings settings, StringTable zh, StringTable en, std::string db_path,
                             std::function<void()> on_done)
    : settings_(std::move(settings)), zh_(std::move(zh)), en_(std::move(en)), db_path_(std::move(db_path)),
      on_done_(std::move(on_done)) {
  status_.device = "printer";
  status_.problem = "none";
  thread_ = std::thread([this] { loop(); });
}

TicketPrinter::~TicketPrinter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void TicketPrinter::print(const escpos::Ticket& ticket) {
  escpos::Ticket job = ticket;
  job.branch = settings_.branch_name;  // the branch's own lines come from its settings
  job.qr_text = settings_.qr_text;
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
    reports_[ticket.ticket] = {State::printing, {}};
  }
  wake_.notify_all();
}

TicketPrinter::Report TicketPrinter::report(const std::string& ticket) const {
  std::lock_guard lock(mutex_);
  const auto it = reports_.find(ticket);
  return it == reports_.end() ? Report{} : it->second;
}

DeviceStatus TicketPrinter::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void TicketPrinter::record(const escpos::Ticket& t, const PrintResult& r, Store* store) {
  std::fprintf(stderr, "%s\n", print_log_line(t.ticket, r).c_str());
  DeviceStatus now = device_status_of(r, t.ticket, local_now());
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    changed = now.problem != status_.problem || now.paper_near_end != status_.paper_near_end ||
              now.ticket != status_.ticket;
    status_ = now;
  }
  // Only a change is written: the board wakes on every write, and a working printer is the
  // usual case.
  if (!changed || !store) return;
  try {
    store->set_device_status(now);
  } catch (const StoreError& e) {
    log_event(LogLevel::error, "device_status_unrecorded", {{"cause", e.what()}});
  }
}

void TicketPrinter::loop() {
  std::unique_ptr<Store> store;
  if (!db_path_.empty()) {
    try {
      store = std::make_unique<Store>(db_path_, Store::Mode::existing);
      if (auto last = store->device_status("printer")) {
        std::lock_guard lock(mutex_);
        status_ = *last;
      }
    } catch (const StoreError& e) {
      log_event(LogLevel::error, "device_status_unrecorded", {{"cause", e.what()}});
    }
  }
  for (;;) {
    escpos::Ticket job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    const PrintResult r = print_job(settings_, escpos::ticket_bytes(job, settings_.paper, zh_, en_));
    record(job, r, store.get());  // first: whoever sees the result finds the printer's state recorded
    {
      std::lock_guard lock(mutex_);
      reports_[job.ticket] = {r.ok() ? State::printed : State::failed, r};
    }
    if (on_done_) on_done_();
  }
}

}  // namespace lobby
