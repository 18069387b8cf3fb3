// The branch's devices in the store: the receipt printer's last state, which the kiosk writes
// and the lobby board reads for its footer, and finding a visit by its ticket for a reprint.
// The store keeps what a device reported; the printer code decides what that means.
#include "kiosk/store/store.h"

namespace lobby {

void Store::set_device_status(const DeviceStatus& s) {
  WriteTransaction tx(db_);
  db_.prepare(
         "INSERT INTO device_status(device, problem, paper_near_end, ticket, detail, at) VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
         "ON CONFLICT(device) DO UPDATE SET problem = ?2, paper_near_end = ?3, ticket = ?4, detail = ?5, at = ?6")
      .bind(1, s.device).bind(2, s.problem).bind(3, std::int64_t{s.paper_near_end}).bind(4, s.ticket)
      .bind(5, s.detail).bind(6, s.at).run();
  tx.commit();
}

std::optional<DeviceStatus> Store::device_status(const std::string& device) const {
  auto s = db_.prepare("SELECT problem, paper_near_end, ticket, detail, at FROM device_status WHERE device = ?");
  if (!s.bind(1, device).step()) return std::nullopt;
  DeviceStatus d;
  d.device = device;
  d.problem = s.text_at(0);
  d.paper_near_end = s.int_at(1) != 0;
  d.ticket = s.text_at(2);
  d.detail = s.text_at(3);
  d.at = s.text_at(4);
  return d;
}

std::optional<std::string> Store::visit_with_ticket(const std::string& day, const std::string& ticket) const {
  auto s = db_.prepare("SELECT id FROM visits WHERE day = ? AND ticket = ?");
  if (!s.bind(1, day).bind(2, ticket).step()) return std::nullopt;
  return s.text_at(0);
}

}  // namespace lobby
