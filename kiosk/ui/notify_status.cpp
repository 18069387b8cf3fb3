#include "kiosk/ui/notify_status.h"

#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

std::string notify_status_text(const NotifyState& st, const StringTable& s) {
  if (st.failing_since_ms == 0 || (st.stopped.empty() && st.failures < 2)) return "";
  const std::string cause = st.cause.empty() ? "reply" : st.cause;
  std::string text = fill(s["notify.failing"], {{"channel", s["notify.channel." + st.channel]},
                                                {"time", st.failing_since},
                                                {"cause", s["notify.cause." + cause]}});
  if (!st.stopped.empty()) text.append(" ").append(s["notify.stopped"]);
  return text;
}

void notify_status_line(const Theme& t, const NotifyState& st, const StringTable& strings) {
  const std::string text = notify_status_text(st, strings);
  if (text.empty()) return;
  const ImVec2 a = ImGui::GetCursorScreenPos();
  text_wrapped(text, t.fonts.body, IM_COL32(183, 28, 28, 255));
  const ImVec2 b = {a.x + ImGui::GetContentRegionAvail().x, ImGui::GetCursorScreenPos().y};
  frame_targets().push_back({"notify.failing", a.x, a.y, b.x, b.y});  // where tests find it
}

}  // namespace lobby::ui
