// The lobby display's board: who is being served, who is waiting, and the managers' turn
// order with their states, make-up credits, today's receptions and who is next up. The model
// is read from the engine (rebuilt from the records) and the records' labels; the screen only
// draws it. Customers appear as ticket and polite name (张先生), never a full name or number.
#pragma once

#include "kiosk/core/explain.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/theme.h"

#include <optional>
#include <string>
#include <vector>

namespace lobby::ui {

struct Board {
  struct Serving {
    std::string ticket, manager;
  };
  struct Waiting {
    std::string ticket, name;
    int minutes = 0;
  };
  struct Turn {
    std::string id, name;
    State state = State::off;
    int credits = 0;          // make-up turns owed
    int receptions = 0;       // today
    bool next_up = false;
  };
  std::vector<Serving> serving;
  std::vector<Waiting> waiting;  // oldest first
  std::vector<Turn> order;       // the main line's turn order
  std::optional<DeviceStatus> printer;  // the receipt printer's last state, for the footer
  NotifyState notify;            // the footer says when the managers' notices are failing
};

// Reads the board for `day` (YYYY-MM-DD). Throws StoreError if the records cannot be read.
Board read_board(const RotationEngine& engine, const Store& store, const std::string& day,
                 int typical_reception_minutes = 20);

// Draws the board full-window in the language of `strings`.
void lobby_board_screen(const Board& board, const Theme& theme, const StringTable& strings);

}  // namespace lobby::ui
