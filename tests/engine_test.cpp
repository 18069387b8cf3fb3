// One test (or more) per rule of POLICY.md, and for the places where rules meet.
#include "kiosk/core/names.h"
#include "lobby_fixture.h"

namespace lobby::testing {
namespace {

constexpr auto kBreak = SkipWhy::on_break;
constexpr auto kTask = SkipWhy::task;
constexpr auto kBusy = SkipWhy::busy;
constexpr auto kServed = SkipWhy::already_served;

// --- Rotation -----------------------------------------------------------------------------

TEST(Rotation, TurnsGoInRosterOrderAndWrapAround) {
  Lobby l;
  l.open({"A", "B", "C"});
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c1")").server, "A");
  EXPECT_EQ(l.next_up(), "B");
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c2")").server, "B");
  l.on(R"("ev":"finish","id":"c1")");
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c3")").server, "C");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c4")");
  EXPECT_EQ(d.server, "A");  // wrapped around
  EXPECT_EQ(d.kind, Kind::rotation);
  EXPECT_EQ(d.owner, "A");
  EXPECT_TRUE(d.turn_used);
  EXPECT_TRUE(d.skipped.empty());
}

TEST(Rotation, AssigningMakesReceivingAndFinishingMakesAvailable) {
  Lobby l;
  l.open({"A"});
  l.assigned(R"("ev":"arrive","id":"c1")");
  EXPECT_EQ(l.state("A"), State::receiving);
  EXPECT_EQ(l.on(R"("ev":"finish","id":"c1")").error.code, "");
  EXPECT_EQ(l.state("A"), State::available);
}

TEST(Rotation, BreakLosesTheTurnWithoutCompensation) {
  Lobby l;
  l.open({"A", "B"});
  l.on(R"("ev":"status","m":"A","status":"break")");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c1")");
  EXPECT_EQ(d.server, "B");
  EXPECT_EQ(d.skipped, skips({{"A", kBreak}}));
  EXPECT_EQ(l.credits("A"), 0);
  l.on(R"("ev":"status","m":"A","status":"available")");
  // A's turn is gone: the pointer is after B, so A is next only by rotation, not by make-up.
  const Decision d2 = l.assigned(R"("ev":"arrive","id":"c2")");
  EXPECT_EQ(d2.kind, Kind::rotation);
}

TEST(Rotation, OffManagersArePassedSilently) {
  Lobby l;
  l.open({"A", "B"});
  l.on(R"("ev":"clock_out","m":"A")");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c1")");
  EXPECT_EQ(d.server, "B");
  EXPECT_TRUE(d.skipped.empty());
}

// --- Make-up credits ----------------------------------------------------------------------

TEST(Makeup, TaskSkipEarnsACreditSpentFirstWithoutMovingThePointer) {
  Lobby l;
  l.open({"A", "B", "C"});
  l.on(R"("ev":"status","m":"A","status":"task")");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c1")");
  EXPECT_EQ(d.server, "B");
  EXPECT_EQ(d.skipped, skips({{"A", kTask}}));
  EXPECT_EQ(l.credits("A"), 1);
  l.on(R"("ev":"status","m":"A","status":"available")");
  const Decision m = l.assigned(R"("ev":"arrive","id":"c2")");
  EXPECT_EQ(m.kind, Kind::makeup);
  EXPECT_EQ(m.server, "A");
  EXPECT_TRUE(m.turn_used);
  EXPECT_EQ(l.credits("A"), 0);
  EXPECT_EQ(l.next_up(), "C");  // unchanged by the make-up
}

TEST(Makeup, TaskSkipsPileUpOneCreditPerCustomer) {
  Lobby l;
  l.open({"A", "B"});
  l.on(R"("ev":"status","m":"A","status":"task")");
  for (int i = 1; i <= 3; ++i) {
    const Decision d = l.assigned(R"("ev":"arrive","id":"c)" + std::to_string(i) + "\"");
    EXPECT_EQ(l.credits("A"), i);
    l.on(R"("ev":"finish","id":")" + d.visit + "\"");
  }
  l.on(R"("ev":"status","m":"A","status":"available")");
  for (int i = 4; i <= 6; ++i) {
    const Decision d = l.assigned(R"("ev":"arrive","id":"c)" + std::to_string(i) + "\"");
    EXPECT_EQ(d.kind, Kind::makeup);
    EXPECT_EQ(d.server, "A");
    l.on(R"("ev":"finish","id":")" + d.visit + "\"");
  }
  EXPECT_EQ(l.credits("A"), 0);
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c7")").kind, Kind::rotation);
}

TEST(Makeup, OldestCreditWins) {
  Lobby l;
  l.open({"A", "B", "C", "D"});
  l.on(R"("ev":"status","m":"B","status":"task")");
  l.assigned(R"("ev":"arrive","id":"c1")");  // A serves
  l.assigned(R"("ev":"arrive","id":"c2")");  // B skipped: B's first credit; C serves
  l.on(R"("ev":"finish","id":"c1")");
  l.on(R"("ev":"finish","id":"c2")");
  l.on(R"("ev":"status","m":"A","status":"task")");
  l.assigned(R"("ev":"arrive","id":"c3")");  // D serves
  const Decision c4 = l.assigned(R"("ev":"arrive","id":"c4")");  // A and B skipped, C serves
  EXPECT_EQ(c4.skipped, skips({{"A", kTask}, {"B", kTask}}));
  EXPECT_EQ(l.credits("A"), 1);
  EXPECT_EQ(l.credits("B"), 2);
  l.on(R"("ev":"status","m":"A","status":"available")");
  l.on(R"("ev":"status","m":"B","status":"available")");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c5")");
  EXPECT_EQ(d.kind, Kind::makeup);
  EXPECT_EQ(d.server, "B");  // B's credit from c2 is older than A's from c4
}

TEST(Makeup, CreditsExpireAtTheEndOfTheDay) {
  Lobby l;
  l.open({"A", "B"});
  l.on(R"("ev":"status","m":"A","status":"task")");
  l.assigned(R"("ev":"arrive","id":"c1")");
  EXPECT_EQ(l.credits("A"), 1);
  l.clock += kSecondsPerDay;
  l.on(R"("ev":"status","m":"A","status":"available")");
  EXPECT_EQ(l.credits("A"), 0);
}

TEST(Makeup, OnlyAnActualSkipEarnsACredit) {
  Lobby l;
  l.open({"A", "B"});
  l.on(R"("ev":"status","m":"A","status":"task")");
  l.on(R"("ev":"status","m":"B","status":"break")");
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c1")").queued);  // nobody can take c1
  EXPECT_EQ(l.credits("A"), 0);  // nobody was passed over for a customer yet
  const Outcome o = l.on(R"("ev":"status","m":"B","status":"available")");
  ASSERT_EQ(o.decisions.size(), 1u);
  EXPECT_EQ(o.decisions[0].skipped, skips({{"A", kTask}}));
  EXPECT_EQ(l.credits("A"), 1);
}

TEST(Makeup, CreditsEarnedInOneScanGoInTheOrderTheManagersWerePassed) {
  Lobby l;
  l.open({"A", "B", "C", "D"});
  for (const char* id : {"c1", "c2", "c3"}) {
    l.assigned(std::string(R"("ev":"arrive","id":")") + id + "\"");  // A, B, C
    l.on(std::string(R"("ev":"finish","id":")") + id + "\"");
  }
  l.on(R"("ev":"status","m":"D","status":"task")");
  l.on(R"("ev":"status","m":"A","status":"task")");
  const Decision c4 = l.assigned(R"("ev":"arrive","id":"c4")");  // from D: D, then A passed over
  EXPECT_EQ(c4.skipped, skips({{"D", kTask}, {"A", kTask}}));
  l.on(R"("ev":"status","m":"A","status":"available")");
  l.on(R"("ev":"status","m":"D","status":"available")");
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c5")").server, "D");  // D's credit is the older
}

// --- Busy policy --------------------------------------------------------------------------

TEST(BusyPolicy, DelegateKeepsTheCustomerAndANextColleagueServes) {
  Lobby l;
  l.open({"A", "B", "C"});
  l.assigned(R"("ev":"arrive","id":"c1")");  // A
  l.assigned(R"("ev":"arrive","id":"c2")");  // B
  l.on(R"("ev":"finish","id":"c1")");
  l.assigned(R"("ev":"arrive","id":"c3")");  // C; pointer back at A
  l.assigned(R"("ev":"arrive","id":"c4")");  // A
  l.on(R"("ev":"finish","id":"c3")");        // C free; pointer at B, who is busy
  const Decision d = l.assigned(R"("ev":"arrive","id":"c5")");
  EXPECT_EQ(d.kind, Kind::voluntary);
  EXPECT_EQ(d.owner, "B");
  EXPECT_EQ(d.server, "C");
  EXPECT_TRUE(d.turn_used);
  EXPECT_TRUE(has_rule(d, Rule::busy_delegate));
  EXPECT_EQ(l.next_up(), "C");  // past the busy owner; C's own turn is untouched
}

TEST(BusyPolicy, ForfeitRecordsABusySkipAndTheScanGoesOn) {
  Lobby l;
  l.open({"A", "B", "C"});
  l.on(R"("ev":"busy_policy","m":"A","policy":"forfeit")");
  l.assigned(R"("ev":"arrive","id":"c1")");  // A
  l.assigned(R"("ev":"arrive","id":"c2")");  // B
  l.assigned(R"("ev":"arrive","id":"c3")");  // C; pointer at A (busy)
  l.on(R"("ev":"finish","id":"c2")");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c4")");
  EXPECT_EQ(d.kind, Kind::rotation);
  EXPECT_EQ(d.server, "B");
  EXPECT_EQ(d.skipped, skips({{"A", kBusy}}));
  EXPECT_EQ(l.next_up(), "C");
}

TEST(BusyPolicy, DelegationWhenNobodyCanHelpWaitsAndDecidesLater) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1")");
  l.assigned(R"("ev":"arrive","id":"c2")");
  const Outcome w = l.on(R"("ev":"arrive","id":"c3")");
  EXPECT_TRUE(w.queued);
  EXPECT_TRUE(w.decisions.empty());  // nothing decided or recorded yet
  l.on(R"("ev":"status","m":"B","status":"available")");  // refused: B is receiving
  const Outcome o = l.on(R"("ev":"finish","id":"c2")");  // B frees up; pointer at A (busy)
  ASSERT_EQ(o.decisions.size(), 1u);
  const Decision& d = o.decisions[0];
  EXPECT_EQ(d.visit, "c3");
  EXPECT_EQ(d.kind, Kind::voluntary);  // A delegates to B, at the moment B is free
  EXPECT_EQ(d.owner, "A");
  EXPECT_EQ(d.server, "B");
  EXPECT_TRUE(has_rule(d, Rule::waited));
}

// --- Named requests -----------------------------------------------------------------------

TEST(Requested, NamedPresentManagerServesWithoutUsingATurn) {
  Lobby l;
  l.open({"A", "B", "C"});
  const Decision d = l.assigned(R"("ev":"arrive","id":"c1","request":"C")");
  EXPECT_EQ(d.kind, Kind::requested);
  EXPECT_EQ(d.server, "C");
  EXPECT_FALSE(d.turn_used);
  EXPECT_EQ(l.next_up(), "A");
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c2")").server, "A");
}

TEST(Requested, AbsentManagerIsIgnoredAndTheProcedureApplies) {
  Lobby l;
  l.open({"A", "B"});
  l.on(R"("ev":"status","m":"B","status":"break")");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c1","request":"B")");
  EXPECT_EQ(d.kind, Kind::rotation);
  EXPECT_EQ(d.server, "A");
  EXPECT_TRUE(has_rule(d, Rule::request_ignored));
}

TEST(Requested, UnknownManagerIsAnError) {
  Lobby l;
  l.open({"A"});
  const Outcome o = l.on(R"("ev":"arrive","id":"c1","request":"Z")");
  EXPECT_NE(o.error.code, "");
  EXPECT_EQ(l.state("A"), State::available);
  EXPECT_TRUE(l.engine.waiting().empty());
}

TEST(Requested, ACustomerWaitingByNameIsNeverTakenByAnotherManager) {
  Lobby l;
  l.open({"A", "B", "C"});
  l.assigned(R"("ev":"arrive","id":"c1")");  // A busy
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c2","request":"A")").queued);
  // B and C stay free, new walk-ins keep arriving and leaving: c2 stays with A.
  for (int i = 3; i < 8; ++i) {
    const Decision d = l.assigned(R"("ev":"arrive","id":"c)" + std::to_string(i) + "\"");
    EXPECT_NE(d.visit, "c2");
    l.on(R"("ev":"finish","id":")" + d.visit + "\"");
  }
  ASSERT_EQ(l.engine.waiting().size(), 1u);
  EXPECT_EQ(l.engine.waiting()[0].for_manager, "A");
  const Outcome o = l.on(R"("ev":"finish","id":"c1")");
  ASSERT_EQ(o.decisions.size(), 1u);
  EXPECT_EQ(o.decisions[0].visit, "c2");
  EXPECT_EQ(o.decisions[0].server, "A");
  EXPECT_EQ(o.decisions[0].kind, Kind::requested);
}

TEST(Requested, ByNameWaitersComeBeforeTheOlderQueueForAnyone) {
  Lobby l;
  l.open({"A"});
  l.assigned(R"("ev":"arrive","id":"c1")");
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"anyone")").queued);
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"named","request":"A")").queued);
  const Outcome o = l.on(R"("ev":"finish","id":"c1")");
  ASSERT_EQ(o.decisions.size(), 1u);
  EXPECT_EQ(o.decisions[0].visit, "named");
  EXPECT_EQ(l.engine.waiting_ahead("anyone"), 0);
}

TEST(Requested, ExplicitRequestMovesOwnershipOfAKnownCustomer) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // owner A
  l.on(R"("ev":"finish","id":"c1")");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c2","phone":"13800000001","request":"B")");
  EXPECT_EQ(d.kind, Kind::requested);
  EXPECT_EQ(d.owner, "B");
  EXPECT_EQ(d.previous_owner, "A");
  EXPECT_TRUE(has_rule(d, Rule::ownership_moved));
  EXPECT_EQ(l.engine.owner_of_phone("13800000001"), "B");
}

TEST(Requested, PhoneEnquiryUsesTheTurnAndTheNextScanPositionIsSkipped) {
  Lobby l;
  l.open({"A", "B", "C"});
  const Decision d = l.assigned(R"("ev":"arrive","id":"c1","request":"A","phone_enquiry":true)");
  EXPECT_EQ(d.kind, Kind::requested);
  EXPECT_TRUE(d.turn_used);
  EXPECT_TRUE(has_rule(d, Rule::phone_enquiry));
  l.on(R"("ev":"finish","id":"c1")");
  // Pointer is at A, who already had this turn by phone.
  const Decision n = l.assigned(R"("ev":"arrive","id":"c2")");
  EXPECT_EQ(n.server, "B");
  EXPECT_EQ(n.skipped, skips({{"A", kServed}}));
  l.assigned(R"("ev":"arrive","id":"c3")");  // C
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c4")").server, "A");  // the debt was paid once
}

TEST(Requested, PhoneEnquiryDebtDoesNotTurnAwayTheOnlyFreeManager) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c0","request":"B")");  // B busy, no turn used
  l.assigned(R"("ev":"arrive","id":"c1","request":"A","phone_enquiry":true)");
  l.on(R"("ev":"finish","id":"c1")");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c2")");  // only A can take it
  EXPECT_EQ(d.server, "A");
}

TEST(Requested, PhoneEnquiryDebtIsTheNextScanPositionWhateverTheManagerIsDoing) {
  Lobby l;
  l.open({"A", "B", "C"});
  l.assigned(R"("ev":"arrive","id":"p1","request":"A","phone_enquiry":true)");
  l.on(R"("ev":"finish","id":"p1")");
  l.on(R"("ev":"status","m":"A","status":"task")");
  const Decision c1 = l.assigned(R"("ev":"arrive","id":"c1")");
  EXPECT_EQ(c1.skipped, skips({{"A", kServed}}));  // the turn was already used: no make-up credit
  EXPECT_EQ(l.credits("A"), 0);
  l.on(R"("ev":"status","m":"A","status":"available")");
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c2")").kind, Kind::rotation);
}

TEST(Requested, PhoneEnquiryWithTheSettingOffUsesNoTurn) {
  Settings s;
  s.phone_request_uses_turn = false;
  Lobby l(s);
  l.open({"A", "B"});
  const Decision d = l.assigned(R"("ev":"arrive","id":"c1","request":"A","phone_enquiry":true)");
  EXPECT_FALSE(d.turn_used);
  l.on(R"("ev":"finish","id":"c1")");
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c2")").server, "A");
}

// --- Returning customers ------------------------------------------------------------------

TEST(Returning, KnownCustomerGoesBackToTheirOwnerWithoutATurn) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A owns
  l.on(R"("ev":"finish","id":"c1")");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c2","phone":"13800000001")");
  EXPECT_EQ(d.kind, Kind::returning);
  EXPECT_EQ(d.server, "A");
  EXPECT_FALSE(d.turn_used);
  EXPECT_EQ(l.next_up(), "B");
}

TEST(Returning, BusyOwnerMeansWaitingForThem) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A owns and is busy
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c2","phone":"13800000001")").queued);
  EXPECT_EQ(l.engine.waiting()[0].for_manager, "A");
  const Outcome o = l.on(R"("ev":"finish","id":"c1")");
  ASSERT_EQ(o.decisions.size(), 1u);
  EXPECT_EQ(o.decisions[0].kind, Kind::returning);
}

TEST(Returning, AbsentOwnerStaysOwnerAndAColleagueServesVoluntarily) {
  Lobby l;
  l.open({"A", "B", "C"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A owns
  l.on(R"("ev":"finish","id":"c1")");
  l.on(R"("ev":"status","m":"A","status":"task")");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c2","phone":"13800000001")");
  EXPECT_EQ(d.kind, Kind::voluntary);
  EXPECT_EQ(d.owner, "A");
  EXPECT_EQ(d.server, "B");  // first available from the pointer
  EXPECT_FALSE(d.turn_used);
  EXPECT_TRUE(d.skipped.empty());
  EXPECT_EQ(l.credits("A"), 0);
  EXPECT_EQ(l.next_up(), "B");  // B keeps their turn
  EXPECT_EQ(l.engine.owner_of_phone("13800000001"), "A");
}

// --- Referrals ----------------------------------------------------------------------------

TEST(Referral, ReferredCustomerGoesToTheReferrersOwner) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A owns the referrer
  l.on(R"("ev":"finish","id":"c1")");
  const Decision d =
      l.assigned(R"("ev":"arrive","id":"c2","phone":"13800000002","referrer":"13800000001","use_referrer_owner":true)");
  EXPECT_EQ(d.kind, Kind::referral);
  EXPECT_EQ(d.server, "A");
  EXPECT_FALSE(d.turn_used);
  EXPECT_EQ(l.engine.owner_of_phone("13800000002"), "A");
  EXPECT_EQ(l.next_up(), "B");
}

TEST(Referral, DeclinedOrOwnerOffDutyMeansNormalRotation) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A
  l.on(R"("ev":"finish","id":"c1")");
  const Decision declined = l.assigned(R"("ev":"arrive","id":"c2","referrer":"13800000001")");
  EXPECT_EQ(declined.kind, Kind::rotation);
  EXPECT_EQ(declined.server, "B");
  l.on(R"("ev":"clock_out","m":"A")");
  l.on(R"("ev":"finish","id":"c2")");
  const Decision off =
      l.assigned(R"("ev":"arrive","id":"c3","referrer":"13800000001","use_referrer_owner":true)");
  EXPECT_EQ(off.kind, Kind::rotation);
  EXPECT_TRUE(has_rule(off, Rule::referrer_unknown));
}

TEST(Referral, SettingCanMakeItUseTheTurn) {
  Settings s;
  s.referral_uses_turn = true;
  Lobby l(s);
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");
  l.on(R"("ev":"finish","id":"c1")");
  EXPECT_TRUE(
      l.assigned(R"("ev":"arrive","id":"c2","referrer":"13800000001","use_referrer_owner":true)").turn_used);
}

// --- Reassignment and claims --------------------------------------------------------------

// POLICY.md "Reassignment": one test per case it names.
TEST(Reassign, BeingReceivedByAFreeManagerTheyTakeOverAndThePreviousServerIsFreed) {
  Lobby l;
  l.open({"A", "B", "C"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A
  l.assigned(R"("ev":"arrive","id":"c2")");                         // B
  const std::string before = l.next_up();
  const Decision d = l.assigned(R"("ev":"reassign","id":"c1","to":"C")");
  EXPECT_EQ(d.kind, Kind::reassigned);
  EXPECT_EQ(d.owner, "C");
  EXPECT_EQ(d.previous_owner, "A");
  EXPECT_EQ(d.server, "C") << "the customer's wish changes who serves them";
  EXPECT_FALSE(d.turn_used);
  EXPECT_EQ(l.state("C"), State::receiving);
  EXPECT_EQ(l.state("A"), State::available);
  EXPECT_EQ(l.next_up(), before) << "turn accounting is unchanged";
  EXPECT_EQ(l.credits("A"), 0);
  // C's reception is the one that ends; the number now belongs to C.
  EXPECT_EQ(l.on(R"("ev":"finish","id":"c1")").error.code, "");
  EXPECT_EQ(l.state("C"), State::available);
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c3","phone":"13800000001")").server, "C");
}

TEST(Reassign, ThePreviousServerFreedTakesTheNextWaitingCustomerAsUsual) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1")");  // A
  l.assigned(R"("ev":"arrive","id":"c2")");  // B
  l.on(R"("ev":"finish","id":"c2")");        // B free
  l.on(R"("ev":"status","m":"B","status":"break")");
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c3")").queued);  // nobody free
  l.on(R"("ev":"status","m":"B","status":"available")");   // B takes c3 at once
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c4")").queued);
  const Outcome o = l.on(R"("ev":"finish","id":"c3")");    // B takes c4
  ASSERT_EQ(o.decisions.size(), 1u);
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c5")").queued);
  l.on(R"("ev":"finish","id":"c4")");                      // B takes c5
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c6")").queued);
  // c1 asks for B, who is busy with c5: A is freed at once and receives the oldest waiting (c6);
  // c1 waits for B by name.
  const Outcome moved = l.on(R"("ev":"reassign","id":"c1","to":"B")");
  ASSERT_EQ(moved.decisions.size(), 2u);
  EXPECT_EQ(moved.decisions[0].kind, Kind::reassigned);
  EXPECT_EQ(moved.decisions[0].owner, "B");
  EXPECT_EQ(moved.decisions[0].server, "") << "empty while the customer waits";
  EXPECT_EQ(moved.decisions[1].visit, "c6");
  EXPECT_EQ(moved.decisions[1].server, "A");
  ASSERT_EQ(l.engine.waiting().size(), 1u);
  EXPECT_EQ(l.engine.waiting()[0].visit, "c1");
  EXPECT_EQ(l.engine.waiting()[0].for_manager, "B");
  // When B is free, c1 is served by B as a reassignment, using nobody's turn.
  const Outcome served = l.on(R"("ev":"finish","id":"c5")");
  ASSERT_EQ(served.decisions.size(), 1u);
  EXPECT_EQ(served.decisions[0].visit, "c1");
  EXPECT_EQ(served.decisions[0].kind, Kind::reassigned);
  EXPECT_EQ(served.decisions[0].server, "B");
  EXPECT_EQ(served.decisions[0].previous_owner, "") << "ownership moved once, at the reassignment";
  EXPECT_FALSE(served.decisions[0].turn_used);
  EXPECT_TRUE(has_rule(served.decisions[0], Rule::waited));
}

TEST(Reassign, AWaitingCustomerAFreeManagerIsServedAtOnceInOneLine) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1")");  // A busy
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c2","request":"A")").queued);
  const Outcome o = l.on(R"("ev":"reassign","id":"c2","to":"B")");
  ASSERT_EQ(o.decisions.size(), 1u);
  EXPECT_EQ(o.decisions[0].kind, Kind::reassigned);
  EXPECT_EQ(o.decisions[0].owner, "B");
  EXPECT_EQ(o.decisions[0].server, "B");
  EXPECT_FALSE(o.decisions[0].turn_used);
  EXPECT_EQ(l.state("B"), State::receiving);
  EXPECT_TRUE(l.engine.waiting().empty());
  EXPECT_EQ(l.next_up(), "B") << "B's turn is untouched";
}

TEST(Reassign, AFinishedVisitMovesOwnershipOnlyAndKeepsItsServer) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A
  l.on(R"("ev":"finish","id":"c1")");
  l.assigned(R"("ev":"arrive","id":"c2")");  // B busy
  const Decision d = l.assigned(R"("ev":"reassign","id":"c1","to":"B")");
  EXPECT_EQ(d.owner, "B");
  EXPECT_EQ(d.server, "A") << "the line keeps the server who received them";
  EXPECT_EQ(l.state("A"), State::available);
  EXPECT_EQ(l.state("B"), State::receiving);
  EXPECT_EQ(l.engine.owner_of_phone("13800000001"), "B");
}

TEST(Reassign, ToTheManagerAlreadyServingOnlyMovesOwnership) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A
  l.on(R"("ev":"finish","id":"c1")");
  l.on(R"("ev":"status","m":"A","status":"break")");
  const Decision v = l.assigned(R"("ev":"arrive","id":"c2","phone":"13800000001")");
  ASSERT_EQ(v.kind, Kind::voluntary);  // B serves on A's behalf
  const Decision d = l.assigned(R"("ev":"reassign","id":"c2","to":"B")");
  EXPECT_EQ(d.server, "B");
  EXPECT_EQ(d.owner, "B");
  EXPECT_EQ(l.state("B"), State::receiving);
}

TEST(Reassign, ToAnAbsentManagerIsRefusedAndChangesNothing) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");
  l.on(R"("ev":"status","m":"B","status":"break")");
  EXPECT_NE(l.on(R"("ev":"reassign","id":"c1","to":"B")").error.code, "");
  EXPECT_EQ(l.engine.owner_of_phone("13800000001"), "A");
  EXPECT_NE(l.on(R"("ev":"reassign","id":"nope","to":"A")").error.code, "");
}

TEST(Reassign, AWaitingCustomerMovedToABusyManagerWaitsForThemAndKeepsTheMoveAsItsKind) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1")");  // A
  l.assigned(R"("ev":"arrive","id":"c2")");  // B
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c3")").queued);
  const Decision moved = l.assigned(R"("ev":"reassign","id":"c3","to":"A")");
  EXPECT_EQ(moved.kind, Kind::reassigned);
  EXPECT_EQ(moved.server, "");
  EXPECT_EQ(l.engine.waiting()[0].for_manager, "A");
  const Outcome o = l.on(R"("ev":"finish","id":"c2")");  // B is free, but c3 now waits for A
  EXPECT_TRUE(o.decisions.empty());
  const Outcome served = l.on(R"("ev":"finish","id":"c1")");
  ASSERT_EQ(served.decisions.size(), 1u);
  EXPECT_EQ(served.decisions[0].kind, Kind::reassigned) << "not a request the customer never made";
  EXPECT_EQ(served.decisions[0].visit, "c3");
  EXPECT_EQ(served.decisions[0].server, "A");
}

TEST(Reassign, ToAManagerOnBreakAwayOrOffIsRefusedWithAReason) {
  Lobby l;
  l.open({"A", "B", "C", "D"});
  l.assigned(R"("ev":"arrive","id":"c1")");  // A
  l.on(R"("ev":"status","m":"B","status":"break")");
  l.on(R"("ev":"status","m":"C","status":"task")");
  l.on(R"("ev":"clock_out","m":"D")");
  for (const char* to : {"B", "C", "D"}) {
    const Outcome o = l.on(std::string(R"("ev":"reassign","id":"c1","to":")") + to + '"');
    EXPECT_EQ(o.error.code, "manager-not-present") << to;
    EXPECT_EQ(o.error.args.at("m"), to);
    EXPECT_TRUE(o.decisions.empty());
  }
  EXPECT_EQ(l.state("A"), State::receiving);
}

// --- The rules' answers to the screens' questions ------------------------------------------

TEST(Answers, OnlyPresentManagersOfTheLineMayBeNamed) {
  Lobby l;
  l.open({"A", "B", "C", "D"});
  l.assigned(R"("ev":"arrive","id":"c1")");  // A receiving
  l.on(R"("ev":"status","m":"B","status":"break")");
  l.on(R"("ev":"status","m":"C","status":"task")");
  std::vector<std::string> named;
  for (const ManagerView& m : l.engine.nameable()) named.push_back(m.id);
  EXPECT_EQ(named, (std::vector<std::string>{"A", "D"})) << "receiving or available, in turn order";
  EXPECT_TRUE(l.engine.may_be_named("A"));
  EXPECT_FALSE(l.engine.may_be_named("B"));
  EXPECT_FALSE(l.engine.may_be_named("nobody"));
  EXPECT_FALSE(l.engine.may_be_named("A", "no-such-line"));
}

TEST(Answers, TheWaitAndAPreviewComeFromTheRules) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1")");  // A
  l.assigned(R"("ev":"arrive","id":"c2")");  // B
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c3")").queued);
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c4","request":"A")").queued);
  EXPECT_EQ(l.engine.wait_estimate("c1", 20), std::nullopt) << "not waiting";
  const auto any = l.engine.wait_estimate("c3", 20);
  ASSERT_TRUE(any);
  EXPECT_EQ(any->for_manager, "");
  EXPECT_EQ(any->minutes, estimate_wait_minutes(0, 2, 20));
  const auto named = l.engine.wait_estimate("c4", 20);
  ASSERT_TRUE(named);
  EXPECT_EQ(named->for_manager, "A");
  EXPECT_EQ(named->minutes, estimate_wait_minutes(0, 1, 20)) << "one manager serves a named wait";
  // A preview decides on a copy: the arrival would wait behind c3, and nothing changes.
  Event next;
  next.t = l.clock + 60;
  const RotationEngine::Preview p = l.engine.preview(next, 20);
  EXPECT_EQ(p.server, "");
  ASSERT_TRUE(p.wait);
  EXPECT_EQ(p.wait->ahead, 1);
  EXPECT_EQ(l.engine.waiting().size(), 2u);
  l.on(R"("ev":"finish","id":"c2")");  // B takes c3
  EXPECT_EQ(l.engine.preview(next, 20).server, "") << "c3 went to B; nobody is free";
  l.on(R"("ev":"finish","id":"c3")");
  EXPECT_EQ(l.engine.preview(next, 20).server, "B");
}

// The ticket says whom a customer waits for: the manager they named, their own, or their
// friend's. The rules know which; a screen must not guess it from what was typed.
TEST(Answers, TheWaitSaysWhyItIsForThatManager) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"old","phone":"13800000001","consent":true)");  // A owns 13800000001
  l.on(R"("ev":"finish","id":"old")");
  l.assigned(R"("ev":"arrive","id":"c1")");  // A
  l.assigned(R"("ev":"arrive","id":"c2")");  // B
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"named","request":"B")").queued);
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"back","phone":"13800000001","consent":true)").queued);
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"friend","referrer":"13800000001","use_referrer_owner":true)").queued);
  const auto named = l.engine.wait_estimate("named", 20), back = l.engine.wait_estimate("back", 20),
             referred = l.engine.wait_estimate("friend", 20);
  ASSERT_TRUE(named && back && referred);
  EXPECT_EQ(named->for_manager, "B");
  EXPECT_EQ(named->why, Kind::requested);
  EXPECT_EQ(back->for_manager, "A");
  EXPECT_EQ(back->why, Kind::returning);
  EXPECT_EQ(referred->for_manager, "A");
  EXPECT_EQ(referred->why, Kind::referral);
}

TEST(Answers, TheOpenVisitOfANumberIsTodaysWaitingOrReceivingVisit) {
  Lobby l;
  l.open({"A"});
  const std::string phone = "13800000001";
  EXPECT_EQ(l.engine.open_visit_of_phone(phone, l.clock), std::nullopt) << "no visit yet";
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A receives
  auto open = l.engine.open_visit_of_phone(phone, l.clock);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->id, "c1");
  EXPECT_EQ(open->status, VisitView::Status::receiving);
  EXPECT_EQ(open->server, "A");
  EXPECT_EQ(l.engine.open_visit_of_phone("13800000002", l.clock), std::nullopt) << "another number";
  EXPECT_EQ(l.engine.open_visit_of_phone("", l.clock), std::nullopt) << "number-less visits are nobody's";

  // The rules still accept a second arrival for the number; the first stays the open one.
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c2","phone":"13800000001")").queued);
  open = l.engine.open_visit_of_phone(phone, l.clock);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->id, "c1") << "the oldest open visit";
  EXPECT_EQ(l.on(R"("ev":"void","id":"c2")").error.code, "");
  EXPECT_EQ(l.on(R"("ev":"finish","id":"c1")").error.code, "");
  EXPECT_EQ(l.engine.open_visit_of_phone(phone, l.clock), std::nullopt) << "finished and voided are not open";

  // A waiting visit is open too.
  l.assigned(R"("ev":"arrive","id":"c3")");  // A receives someone else
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c4","phone":"13800000001")").queued);
  open = l.engine.open_visit_of_phone(phone, l.clock);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->id, "c4");
  EXPECT_EQ(open->status, VisitView::Status::waiting);
  // Only today's: a visit left open yesterday is not the ticket of today's customer.
  EXPECT_EQ(l.engine.open_visit_of_phone(phone, l.clock + kSecondsPerDay), std::nullopt);
  // A number given without consent is not kept, so it has no open visit.
  l.on(R"("ev":"arrive","id":"c5","phone":"13800000003","consent":false)");
  EXPECT_EQ(l.engine.open_visit_of_phone("13800000003", l.clock), std::nullopt);
}

TEST(Errors, ARefusedEventChangesNothingNotEvenTheDay) {
  Lobby l;
  l.open({"A", "B"});
  l.on(R"("ev":"status","m":"A","status":"task")");
  l.assigned(R"("ev":"arrive","id":"c1")");
  ASSERT_EQ(l.credits("A"), 1);
  l.clock += kSecondsPerDay;
  EXPECT_NE(l.on(R"("ev":"clock_in","m":"nobody")").error.code, "");
  EXPECT_EQ(l.credits("A"), 1);  // midnight passes only with an accepted event
}

TEST(Privacy, ACustomerWithoutConsentIsNotRecognised) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A
  l.on(R"("ev":"finish","id":"c1")");
  const Decision d = l.assigned(R"("ev":"arrive","id":"c2","phone":"13800000001","consent":false)");
  EXPECT_EQ(d.kind, Kind::rotation);
  EXPECT_EQ(d.server, "B");
}

TEST(Claim, ConfirmedWithinTheWindowMovesTheCustomer) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A
  EXPECT_EQ(l.on(R"("ev":"claim","id":"c1","m":"B")").error.code, "");
  const Decision d = l.assigned(R"("ev":"claim_confirm","id":"c1")");
  EXPECT_EQ(d.kind, Kind::reassigned);
  EXPECT_TRUE(has_rule(d, Rule::claim_confirmed));
  EXPECT_EQ(l.engine.owner_of_phone("13800000001"), "B");
}

TEST(Claim, RejectedOrLateClaimsLeaveTheCustomerWhereTheyAre) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");
  l.on(R"("ev":"claim","id":"c1","m":"B")");
  EXPECT_EQ(l.on(R"("ev":"claim_reject","id":"c1")").decisions.size(), 0u);
  EXPECT_EQ(l.engine.owner_of_phone("13800000001"), "A");
  EXPECT_NE(l.on(R"("ev":"claim_confirm","id":"c1")").error.code, "");  // nothing pending any more
  l.clock += 3 * kSecondsPerDay;
  EXPECT_NE(l.on(R"("ev":"claim","id":"c1","m":"B")").error.code, "");  // window is 2 days
}

// --- Voiding a mistaken check-in (POLICY.md is silent: setting void_returns_turn) ---------

TEST(Void, AVoidedReceptionFreesTheServerWhoGetsTheTurnBackAsAMakeUp) {
  Lobby l;
  l.open({"A", "B", "C"});
  l.assigned(R"("ev":"arrive","id":"c1")");  // A, by turn
  const Outcome o = l.on(R"("ev":"void","id":"c1","reason":"test")");
  EXPECT_EQ(o.error.code, "");
  EXPECT_TRUE(o.decisions.empty());
  EXPECT_EQ(l.state("A"), State::available);
  EXPECT_EQ(l.credits("A"), 1) << "A's turn was used on nobody";
  EXPECT_EQ(l.next_up(), "B") << "the pointer does not move back: the turn comes back as a credit";
  const Decision d = l.assigned(R"("ev":"arrive","id":"c2")");
  EXPECT_EQ(d.server, "A");
  EXPECT_EQ(d.kind, Kind::makeup);
}

TEST(Void, WithTheSettingOffTheTurnStaysUsed) {
  Settings s;
  s.void_returns_turn = false;
  Lobby l(s);
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1")");
  l.on(R"("ev":"void","id":"c1")");
  EXPECT_EQ(l.credits("A"), 0);
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c2")").server, "B");
}

TEST(Void, AWaitingCustomerLeavesTheQueueAndANamedRequestCostsNoTurn) {
  Lobby l;
  l.open({"A"});
  l.assigned(R"("ev":"arrive","id":"c1")");
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c2")").queued);
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c3")").queued);
  EXPECT_EQ(l.on(R"("ev":"void","id":"c2")").error.code, "");
  ASSERT_EQ(l.engine.waiting().size(), 1u);
  EXPECT_EQ(l.engine.waiting()[0].visit, "c3");
  EXPECT_EQ(l.credits("A"), 0) << "a waiting customer used nobody's turn";
  const Outcome o = l.on(R"("ev":"finish","id":"c1")");
  ASSERT_EQ(o.decisions.size(), 1u);
  EXPECT_EQ(o.decisions[0].visit, "c3");
}

TEST(Void, FreeingTheServerServesWhoeverWaitsForThem) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1")");  // A
  l.assigned(R"("ev":"arrive","id":"c2")");  // B
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c3","request":"A")").queued);
  const Outcome o = l.on(R"("ev":"void","id":"c1")");
  ASSERT_EQ(o.decisions.size(), 1u);
  EXPECT_EQ(o.decisions[0].visit, "c3");
  EXPECT_EQ(o.decisions[0].server, "A");
}

TEST(Void, ANumberFirstGivenAtAVoidedCheckInIsForgottenAndAnEarlierOwnerRestored) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A owns the number
  l.on(R"("ev":"void","id":"c1")");
  EXPECT_EQ(l.engine.owner_of_phone("13800000001"), "");

  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c2","phone":"13800000002")").owner, "A");  // by the credit returned
  l.on(R"("ev":"finish","id":"c2")");
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c3","phone":"13800000002","request":"B")").owner, "B");
  l.on(R"("ev":"void","id":"c3")");
  EXPECT_EQ(l.engine.owner_of_phone("13800000002"), "A") << "the mistaken visit's move is undone";
}

TEST(Void, AWaitingCustomerReassignedThenVoidedBelongsToNobody) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1")");
  l.assigned(R"("ev":"arrive","id":"c2")");
  EXPECT_TRUE(l.on(R"("ev":"arrive","id":"c3","phone":"13800000003")").queued);
  EXPECT_EQ(l.on(R"("ev":"reassign","id":"c3","to":"B")").error.code, "");
  EXPECT_EQ(l.engine.owner_of_phone("13800000003"), "B");
  l.on(R"("ev":"void","id":"c3")");
  EXPECT_EQ(l.engine.owner_of_phone("13800000003"), "");
}

TEST(Void, VoidingAnEarlierVisitKeepsTheOwnershipALaterOneStandsOn) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A, new number
  l.on(R"("ev":"finish","id":"c1")");
  EXPECT_EQ(l.assigned(R"("ev":"arrive","id":"c2","phone":"13800000001")").kind, Kind::returning);
  l.on(R"("ev":"void","id":"c1")");
  EXPECT_EQ(l.engine.owner_of_phone("13800000001"), "A") << "c2 still stands";
}

TEST(Void, APhoneEnquirysDebtIsCancelled) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","request":"B","phone_enquiry":true)");
  EXPECT_EQ(l.line().debts[1], 1);
  l.on(R"("ev":"void","id":"c1")");
  EXPECT_EQ(l.line().debts[1], 0);
  EXPECT_EQ(l.credits("B"), 0);
}

TEST(Void, VoidingTwiceOrAnUnknownVisitIsRefusedAndAVoidedVisitCannotBeMovedOrClaimed) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1")");
  l.on(R"("ev":"void","id":"c1")");
  const int credits = l.credits("A");
  EXPECT_EQ(l.on(R"("ev":"void","id":"c1")").error.code, "visit-already-void");
  EXPECT_EQ(l.credits("A"), credits) << "a refused void changes nothing";
  EXPECT_EQ(l.on(R"("ev":"void","id":"nobody")").error.code, "unknown-visit");
  EXPECT_NE(l.on(R"("ev":"reassign","id":"c1","to":"B")").error.code, "");
  EXPECT_NE(l.on(R"("ev":"claim","id":"c1","m":"B")").error.code, "");
  EXPECT_NE(l.on(R"("ev":"finish","id":"c1")").error.code, "");
}

// --- States, absences, errors -------------------------------------------------------------

TEST(Absence, ReasonsMapToBreakOrTaskBySetting) {
  Lobby l;
  l.open({"A", "B"});
  l.on(R"("ev":"absent","m":"A","reason":"training")");
  EXPECT_EQ(l.state("A"), State::task);
  l.on(R"("ev":"status","m":"A","status":"available")");
  l.on(R"("ev":"absent","m":"A","reason":"rest")");
  EXPECT_EQ(l.state("A"), State::on_break);
  EXPECT_NE(l.on(R"("ev":"absent","m":"B","reason":"nap")").error.code, "");
  EXPECT_EQ(l.state("B"), State::available);

  Settings s;
  s.absence_reasons["training"] = State::on_break;  // this branch does not compensate training
  Lobby other(s);
  other.open({"A"});
  other.on(R"("ev":"absent","m":"A","reason":"training")");
  EXPECT_EQ(other.state("A"), State::on_break);
}

TEST(Errors, ImpossibleEventsAreRefusedAndChangeNothing) {
  Lobby l;
  l.open({"A"});
  l.assigned(R"("ev":"arrive","id":"c1")");
  EXPECT_NE(l.on(R"("ev":"clock_in","m":"ghost")").error.code, "");
  EXPECT_NE(l.on(R"("ev":"finish","id":"zz")").error.code, "");
  EXPECT_NE(l.on(R"("ev":"status","m":"A","status":"break")").error.code, "");  // receiving
  EXPECT_NE(l.on(R"("ev":"clock_out","m":"A")").error.code, "");
  EXPECT_NE(l.on(R"("ev":"arrive","id":"c1")").error.code, "");  // same visit twice
  EXPECT_NE(l.on(R"("ev":"arrive","id":"c9","line":"nowhere")").error.code, "");
  EXPECT_EQ(l.state("A"), State::receiving);
  EXPECT_EQ(l.on(R"("ev":"finish","id":"c1")").error.code, "");  // finishing it once works
  EXPECT_NE(l.on(R"("ev":"finish","id":"c1")").error.code, "");          // but not twice
}

// --- What the lobby board asks -------------------------------------------------------------

TEST(Board, WaitingSaysWhomEachCustomerWaitsFor) {
  Lobby l;
  l.open({"A", "B"});
  l.assigned(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A, who now owns the number
  l.on(R"("ev":"finish","id":"c1")");
  l.assigned(R"("ev":"arrive","id":"c2")");  // B
  l.assigned(R"("ev":"arrive","id":"c3")");  // A: both busy now
  l.on(R"("ev":"arrive","id":"w1")");
  l.on(R"("ev":"arrive","id":"w2","request":"B")");
  l.on(R"("ev":"arrive","id":"w3","phone":"13800000001")");
  const std::vector<WaitingView> w = l.engine.waiting();
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].waits_for, WaitsFor::anyone);
  EXPECT_EQ(w[0].for_manager, "");
  EXPECT_EQ(w[1].waits_for, WaitsFor::named);
  EXPECT_EQ(w[1].for_manager, "B");
  EXPECT_EQ(w[2].waits_for, WaitsFor::own_manager);
  EXPECT_EQ(w[2].for_manager, "A");
}

TEST(Board, NextUpSaysWhyWhenItIsNotSimplyTheTurn) {
  Lobby l;
  l.open({"A", "B", "C"});
  NextUp n = l.engine.next_up_why();
  EXPECT_EQ(n.manager, "A");
  EXPECT_EQ(n.why, NextUp::Why::turn);
  l.on(R"("ev":"status","m":"A","status":"task")");
  l.assigned(R"("ev":"arrive","id":"c1")");  // B; A earns a make-up turn
  l.on(R"("ev":"status","m":"A","status":"available")");
  n = l.engine.next_up_why();
  EXPECT_EQ(n.manager, "A");
  EXPECT_EQ(n.why, NextUp::Why::makeup);
  l.assigned(R"("ev":"arrive","id":"c2")");  // A, on the make-up; the pointer is at C
  l.assigned(R"("ev":"arrive","id":"c3")");  // C; the pointer is back at A, who is busy
  n = l.engine.next_up_why();
  EXPECT_EQ(n.why, NextUp::Why::nobody_free);
  EXPECT_EQ(n.manager, "A") << "the turn stays with A while everyone is busy";
  EXPECT_EQ(l.engine.next_up(), "") << "next_up() still says nobody would be given the customer";
  l.on(R"("ev":"finish","id":"c1")");  // B free, A's turn: B receives on A's behalf
  n = l.engine.next_up_why();
  EXPECT_EQ(n.manager, "B");
  EXPECT_EQ(n.why, NextUp::Why::on_behalf);
  EXPECT_EQ(n.turn_of, "A");
  EXPECT_EQ(n.manager, l.engine.next_up());
}

TEST(Board, NextUpOfALineNobodyIsOnIsEmpty) {
  Lobby l;
  l.open({"A"});
  l.on(R"("ev":"clock_out","m":"A")");
  EXPECT_EQ(l.engine.next_up_why().manager, "");
  EXPECT_EQ(l.engine.next_up_why("no-such-line").manager, "");
}

TEST(Board, AWaitEstimateCountsDownAMinuteAtATime) {
  const std::int64_t at = 1000000;
  EXPECT_EQ(wait_minutes_left(15, at, at), 15);
  EXPECT_EQ(wait_minutes_left(15, at, at + 59), 15);
  EXPECT_EQ(wait_minutes_left(15, at, at + 60), 14);
  EXPECT_EQ(wait_minutes_left(15, at, at + 14 * 60 + 59), 1);
  EXPECT_EQ(wait_minutes_left(15, at, at + 15 * 60), 0);
  EXPECT_EQ(wait_minutes_left(15, at, at + 3600), 0) << "never below nothing";
  EXPECT_EQ(wait_minutes_left(15, at, at - 120), 15) << "a clock set back does not add time";
}

// --- Roster and service lines -------------------------------------------------------------

TEST(Roster, NewOrderKeepsTheNextUpManagerAndTheirCredits) {
  Lobby l;
  l.open({"A", "B", "C"});
  l.on(R"("ev":"status","m":"A","status":"task")");
  l.assigned(R"("ev":"arrive","id":"c1")");  // A skipped (credit), B serves; C next
  l.on(R"("ev":"roster","order":["C","A","B","D"])");
  EXPECT_EQ(l.next_up(), "C");
  EXPECT_EQ(l.credits("A"), 1);
  EXPECT_EQ(l.state("D"), State::off);  // new managers start off duty
}

TEST(Lines, EachLineHasItsOwnPointerAndCreditsButStatesAreShared) {
  Lobby l;
  l.open({"A", "B", "C"});
  l.on(R"("ev":"roster","line":"signing","order":["C","B"])");
  l.on(R"("ev":"status","m":"C","status":"task")");
  const Decision s = l.assigned(R"("ev":"arrive","id":"s1","line":"signing")");
  EXPECT_EQ(s.server, "B");
  EXPECT_EQ(s.line, "signing");
  EXPECT_EQ(l.credits("C", "signing"), 1);
  EXPECT_EQ(l.credits("C", "main"), 0);
  EXPECT_EQ(l.next_up("main"), "A");
  const Decision m = l.assigned(R"("ev":"arrive","id":"m1")");
  EXPECT_EQ(m.server, "A");
  l.on(R"("ev":"status","m":"C","status":"available")");
  const Decision m2 = l.assigned(R"("ev":"arrive","id":"m2")");  // B, busy on signing, delegates to C
  EXPECT_EQ(m2.owner, "B");
  EXPECT_EQ(m2.server, "C");
  EXPECT_EQ(m2.kind, Kind::voluntary);
}

}  // namespace
}  // namespace lobby::testing
