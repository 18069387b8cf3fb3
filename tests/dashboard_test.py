#!/usr/bin/python3
"""The HQ dashboard in a real browser (headless Chromium through Selenium), against a real
kiosk-hq on 127.0.0.1 with a fresh SQLite database and real kiosks syncing to it:

  sign-in, and five wrong passwords locking an account (one log line per lockout);
  a branch's check-ins appearing on the overview and on the branch's page within 5 s of its
  kiosk syncing, no reload;
  a kiosk's items in quarantine shown as its branch's problem, problems first;
  a branch's board now and its check-ins, a decision's explanation opened with the keyboard in
  the kiosk's own words; a viewer never seeing a phone number, a supervisor seeing them; the
  fairness and audit page with every manager and its outlier marked and said, the claims
  counted and a manager's decisions opened with their stories; the trends' charts (own SVG)
  adding up to the branch's figures, and the whole chain's to all branches';
  the language switched and remembered, the days chosen and shown in it (not in the browser's
  locale), a period chosen with the keyboard; a branch's dispatch log, its CSV download (with the
  BOM Excel needs) equal to `kiosk report --csv`; sign-out and idle expiry; the files'
  headers (types, caching, Content-Security-Policy) and the cookie's attributes; refusal of a
  cross-site sign-in.

Screenshots of every page in both languages go to the work folder, and with --golden to
tests/golden/dashboard-*.png (reference images to look at; not compared pixel by pixel: the
pages show live times).

Usage: dashboard_test.py KIOSK_BIN HQ_BIN SOURCE_DIR [--golden]   (ctest: label browser)
"""
import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

PASSWORD = "correct horse battery"
# After the morning's first 20 events at branch-01: the supervisor moves three customers to M06
# (whose reassignments-in then stand far above the branch's median) and voids a test check-in;
# M02 claims M01's first customer and the supervisor confirms; M03's claim on M02's is rejected.
FAIRNESS_EVENTS = [
    {"ev": "reassign", "t": "2026-11-24T09:31:00", "id": "c3", "to": "M06"},
    {"ev": "reassign", "t": "2026-11-24T09:31:10", "id": "c4", "to": "M06"},
    {"ev": "reassign", "t": "2026-11-24T09:31:20", "id": "c5", "to": "M06"},
    {"ev": "void", "t": "2026-11-24T09:32:00", "id": "c6", "reason": "test"},
    {"ev": "claim", "t": "2026-11-24T09:33:00", "id": "c1", "m": "M02"},
    {"ev": "claim_confirm", "t": "2026-11-24T09:34:00", "id": "c1"},
    {"ev": "claim", "t": "2026-11-24T09:35:00", "id": "c2", "m": "M03"},
    {"ev": "claim_reject", "t": "2026-11-24T09:36:00", "id": "c2"},
]
BOM = b"\xef\xbb\xbf"


class Failed(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failed(what)


def run(args, stdin=None):
    done = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise Failed(f"{' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


class Setup:
    def __init__(self, kiosk, hq, source, work):
        self.kiosk, self.hq, self.source, self.work = kiosk, hq, source, work
        self.db = os.path.join(work, "hq.db")
        self.log = os.path.join(work, "hq.log")
        self.today = datetime.date.today().isoformat()
        self.tokens = {}

    def start_hq(self):
        for branch in ("branch-01", "branch-02", "branch-03"):
            self.tokens[branch] = run([self.hq, "token", "add", "--db", self.db, "--kiosk", branch]).splitlines()[-1]
        run([self.hq, "user", "add", "--db", self.db, "--name", "ann", "--role", "supervisor"], PASSWORD + "\n")
        run([self.hq, "user", "add", "--db", self.db, "--name", "bob", "--role", "viewer"], PASSWORD + "\n")
        run([self.hq, "user", "add", "--db", self.db, "--name", "cai", "--role", "viewer"], PASSWORD + "\n")
        self.out = open(os.path.join(self.work, "hq.out"), "w+")
        self.server = subprocess.Popen([self.hq, "serve", "--db", self.db, "--listen", "127.0.0.1:0"],
                                       stdout=self.out, stderr=open(self.log, "w"))
        for _ in range(100):
            self.out.seek(0)
            m = re.search(r"listening on (\S+)", self.out.read())
            if m:
                self.url = "http://" + m.group(1)
                return
            time.sleep(0.05)
        raise Failed("kiosk-hq did not start: " + open(self.log).read())

    def stop(self):
        if hasattr(self, "server"):
            self.server.terminate()
            self.server.wait(10)

    def kiosk_db(self, branch):
        return os.path.join(self.work, branch + ".db")

    # The demo morning's events `lines` (today, at the morning's times) through the real
    # check-in transaction of the branch's kiosk, then its outbox sent to HQ. `lose`: an outbox
    # row dropped before sending, which leaves HQ with a gap in the branch's events.
    def check_in(self, branch, lines, lose=None, then=()):
        with open(os.path.join(self.source, "assets/demo/morning.jsonl")) as f:
            events = [l.replace("2026-11-24", self.today) for l in f.read().splitlines() if l.strip()]
        chosen = events[lines] + [json.dumps(e).replace("2026-11-24", self.today) for e in then]
        run([self.kiosk, "replay", "--db", self.kiosk_db(branch)], "\n".join(chosen) + "\n")
        if lose is not None:
            with sqlite3.connect(self.kiosk_db(branch)) as db:
                db.execute("DELETE FROM outbox WHERE seq = ?", (lose,))
        run([self.kiosk, "sync", "--db", self.kiosk_db(branch), "--hq", self.url, "--token", self.tokens[branch],
             "--drain", "--deadline", "20"])

    # Every phone number in the morning's events (customers' and referrers').
    def phones(self):
        with open(os.path.join(self.source, "assets/demo/morning.jsonl")) as f:
            return set(re.findall(r'"(?:phone|referrer)": "(\d+)"', f.read()))

    # The kiosk's own words for `key` in `language` (assets/strings), {m} filled in.
    def kiosk_words(self, language, key, **args):
        with open(os.path.join(self.source, f"assets/strings/{language}.txt"), encoding="utf-8") as f:
            text = next(l.split("=", 1)[1].strip() for l in f if l.split("=", 1)[0].strip() == key)
        for name, value in args.items():
            text = text.replace("{" + name + "}", value)
        return text

    def report_csv(self, branch):
        return run([self.kiosk, "report", "--db", self.kiosk_db(branch), "--day", self.today, "--csv"]).encode()

    def hq_log(self):
        return open(self.log).read()


def http(url, method="GET", body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def browser(download_dir):
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1024,768",
                "--lang=en-US", "--force-device-scale-factor=1", "--hide-scrollbars"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": download_dir,
                                              "download.prompt_for_download": False,
                                              "intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": download_dir})
    return driver


def wait(driver, what, condition, seconds=5):
    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.1,
                             ignored_exceptions=[StaleElementReferenceException]).until(lambda d: condition(d))
    except Exception:
        raise Failed(f"waited {seconds} s for {what}; the page says: " + driver.find_element(By.TAG_NAME, "body").text)


def visible(driver, element_id):
    el = driver.find_element(By.ID, element_id)
    return el if el.is_displayed() else None


def sign_in(driver, name, password):
    field = wait(driver, "the sign-in form", lambda d: visible(d, "signin-name"))
    driver.execute_script("document.getElementById('signin-error').textContent = ''")  # to see the next answer
    field.clear()
    field.send_keys(name)
    field.send_keys(Keys.TAB)  # the keyboard alone: Tab to the password, Enter to send
    secret = driver.switch_to.active_element
    check(secret.get_attribute("id") == "signin-password", "Tab from the name goes to the password")
    secret.send_keys(password + Keys.ENTER)


# Read in one script: the rows are replaced at every poll.
def overview_rows(driver):
    return driver.execute_script("return [...document.querySelectorAll('#overview-rows tr')].map(r => r.dataset.branch)")


def row_text(driver, branch):
    return driver.execute_script(f"return document.querySelector('#overview-rows tr[data-branch=\"{branch}\"]').innerText")


def visit_rows(driver):
    return driver.execute_script("return [...document.querySelectorAll('#visits-rows tr[data-visit] > th .ticket')].map(t => t.textContent)")


def fair_rows(driver):
    return driver.execute_script("return [...document.querySelectorAll('#fair-head th[data-manager]')].map(th => th.dataset.manager)")


# A day chooser (dates.js) as the page shows it: each select's part, its name and its choice,
# in the page's order, e.g. ["year 年 2026年", "month 月 12月", "day 日 3日"].
def day_field(driver, field_id):
    return driver.execute_script(f"return [...document.querySelectorAll('#{field_id} select')]"
                                 ".map(s => `${s.dataset.part} ${s.getAttribute('aria-label')} ${s.selectedOptions[0].textContent}`)")


# The same day as day_field shows it in `language`.
def day_said(day, language):
    if language == "zh-CN":
        return [f"year 年 {day.year}年", f"month 月 {day.month}月", f"day 日 {day.day}日"]
    return [f"month Month {day.strftime('%b')}", f"day Day {day.day}", f"year Year {day.year}"]


# The option `n` (1: the first) of the select `part` of the day chooser `field_id`, chosen with
# the keyboard alone: Home, then the down arrow (a closed select changes as the keys go).
def choose_by_keys(driver, field_id, part, n):
    driver.find_element(By.CSS_SELECTOR, f"#{field_id} select[data-part={part}]").send_keys(Keys.HOME + Keys.ARROW_DOWN * (n - 1))


def fits_1024(driver, page):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check(width <= 1024, f"the {page} page is {width} px wide at a 1024 px window")


class Shots:
    def __init__(self, work, golden):
        self.folders = [os.path.join(work, "shots")] + ([golden] if golden else [])
        for f in self.folders:
            os.makedirs(f, exist_ok=True)
        self.taken = []

    # `whole`: the whole page, the window made as tall as it (at most 2400 px) for the picture.
    def take(self, driver, name, language, whole=False):
        file = f"dashboard-{name}.{'zh' if language == 'zh-CN' else 'en'}.png"
        driver.execute_script("document.activeElement && document.activeElement.blur()")  # no focus ring in the image
        if whole:
            height = min(2400, driver.execute_script("return document.documentElement.scrollHeight"))
            driver.set_window_size(1024, height + 768 - driver.execute_script("return window.innerHeight"))
        png = driver.get_screenshot_as_png()
        if whole:
            driver.set_window_size(1024, 768)
        for f in self.folders:
            with open(os.path.join(f, file), "wb") as out:
                out.write(png)
        self.taken.append(file)


def choose_language(driver, language):
    Select(driver.find_element(By.ID, "language")).select_by_value(language)
    expected = "全部门店" if language == "zh-CN" else "All branches"
    wait(driver, f"the page in {language}", lambda d: d.find_element(By.ID, "nav-overview").get_attribute("textContent") == expected)


def test(setup, shots, downloads):
    s = setup
    # --- The files: types, caching, policy; / leads to the dashboard --------------------------
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(s.url + "/")
        raise Failed("/ did not redirect")
    except urllib.error.HTTPError as e:
        check(e.code == 302 and e.headers["Location"] == "/dashboard/", f"/ redirects to /dashboard/ ({e.code})")
    expect = {"": "text/html; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
              "dashboard.css": "text/css; charset=utf-8", "strings/zh-CN.txt": "text/plain; charset=utf-8"}
    for path, kind in expect.items():
        status, headers, body = http(f"{s.url}/dashboard/{path}")
        check(status == 200 and headers["Content-Type"] == kind, f"/dashboard/{path}: {status} {headers['Content-Type']}")
        csp = headers["Content-Security-Policy"] or ""
        check("default-src 'self'" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp, f"CSP: {csp}")
        check(headers["X-Content-Type-Options"] == "nosniff", "nosniff")
        check(headers["Cache-Control"] == "no-cache" and headers["ETag"], f"caching of {path}")
        again, _, _ = http(f"{s.url}/dashboard/{path}", headers={"If-None-Match": headers["ETag"]})
        check(again == 304, f"a second load of {path} is 304 ({again})")
    check(http(f"{s.url}/dashboard/../hq.db")[0] == 404, "nothing outside the folder")
    html = http(f"{s.url}/dashboard/")[2].decode()
    check("<script>" not in html and " style=" not in html and "<style" not in html and "http" not in html.split("-->", 1)[1],
          "index.html has no inline script or style and nothing from elsewhere")

    # --- The cookie's attributes, and a sign-in from another site refused ----------------------
    sign = json.dumps({"name": "ann", "password": PASSWORD}).encode()
    status, headers, _ = http(s.url + "/v1/session", "POST", sign, {"Content-Type": "application/json"})
    cookie = headers["Set-Cookie"] or ""
    check(status == 200 and "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
          and "Secure" not in cookie, f"the cookie over plain HTTP: {cookie}")
    status, headers, _ = http(s.url + "/v1/session", "POST", sign,
                              {"Content-Type": "application/json", "X-Forwarded-Proto": "https"})
    check(status == 200 and "; Secure" in (headers["Set-Cookie"] or ""), "the cookie is Secure behind TLS")
    host = s.url.split("//")[1]
    status, headers, _ = http(s.url + "/v1/session", "POST", sign,
                              {"Content-Type": "application/json", "Origin": "http://evil.example"})
    check(status == 403 and not headers["Set-Cookie"], f"a sign-in from another origin is refused ({status})")
    status, _, _ = http(s.url + "/v1/session", "POST", sign,
                        {"Content-Type": "application/json", "Origin": "http://" + host, "Sec-Fetch-Site": "cross-site"})
    check(status == 403, "a cross-site request is refused even with a forged Origin")
    token = cookie.split(";")[0]
    check(http(s.url + "/v1/session", "DELETE", headers={"Cookie": token, "Origin": "http://evil.example"})[0] == 403,
          "a sign-out from another origin is refused")
    check(http(s.url + "/v1/branches", headers={"Cookie": token})[0] == 200, "the cookie reads the API")
    check(http(s.url + "/v1/session", "DELETE", headers={"Cookie": token})[0] == 204, "sign-out")
    check(http(s.url + "/v1/branches", headers={"Cookie": token})[0] == 401, "a cookie signed out reads nothing")
    stored = sqlite3.connect(s.db).execute("SELECT hash FROM sessions").fetchall()
    check(all(token.split("=")[1] not in h for (h,) in stored), "the database holds no session token, only hashes")

    s.check_in("branch-01", slice(0, 20), then=FAIRNESS_EVENTS)
    d = browser(downloads)
    try:
        # --- Sign-in; five wrong passwords lock the account ----------------------------------
        t0 = time.time()
        d.get(s.url + "/")
        check(d.current_url.endswith("/dashboard/"), d.current_url)
        wait(d, "the sign-in form in English", lambda d: visible(d, "signin-name") and
             d.find_element(By.ID, "signin-heading").text == "Sign in")
        shots.take(d, "signin", "en")
        for i in range(5):
            sign_in(d, "bob", f"guess {i}")
            want = "locked until" if i == 4 else "Wrong name or password."
            wait(d, f"refusal {i + 1}", lambda d: want in d.find_element(By.ID, "signin-error").text)
        sign_in(d, "bob", PASSWORD)
        wait(d, "the refusal of the right password", lambda d: "locked until" in d.find_element(By.ID, "signin-error").text)
        check(not visible(d, "view-overview"), "a locked account does not get in")
        locks = [l for l in s.hq_log().splitlines() if "event=sign_in_locked" in l]
        check(len(locks) == 1 and "user=bob" in locks[0], f"one log line for the lockout: {locks}")

        sign_in(d, "ann", PASSWORD)
        wait(d, "the overview with branch-01", lambda d: visible(d, "view-overview") and overview_rows(d) == ["branch-01"])
        row = row_text(d, "branch-01")
        check(re.search(r"Synced \d+ seconds? ago", row), f"the sync state: {row}")
        check("Signed in as ann (supervisor)" in d.find_element(By.ID, "who").text, "who is signed in")
        fits_1024(d, "overview")

        # --- A check-in at another branch shows within 5 s of its kiosk syncing ----------------
        time.sleep(1)  # a poll or two with only branch-01
        s.check_in("branch-02", slice(0, 9))
        synced = time.time()
        wait(d, "branch-02 on the overview", lambda d: "branch-02" in overview_rows(d), 5)
        shown_after = time.time() - synced
        # A branch with a gap in what HQ received comes first, its problem said.
        s.check_in("branch-03", slice(0, 12), lose=4)
        wait(d, "branch-03 first, with its gap", lambda d: overview_rows(d) == ["branch-03", "branch-01", "branch-02"]
             and "waiting behind a gap" in row_text(d, "branch-03"), 5)
        check(d.execute_script("return performance.getEntriesByType('navigation').length") == 1, "no reload")
        shots.take(d, "overview", "en")

        # --- The language: switched, remembered, numbers and dates in it -----------------------
        choose_language(d, "zh-CN")
        check(d.find_element(By.ID, "overview-heading").text == "全部门店", "the heading in Chinese")
        check(d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN", "html lang")
        wait(d, "the sync state in Chinese", lambda d: "已同步" in row_text(d, "branch-01"))
        d.refresh()
        wait(d, "the overview in Chinese after a reload", lambda d: visible(d, "view-overview") and
             d.find_element(By.ID, "overview-heading").text == "全部门店" and overview_rows(d))
        shots.take(d, "overview", "zh-CN")

        # --- Items a kiosk holds in quarantine are a problem, shown on the overview ------------
        # (What every batch and heartbeat says of the kiosk; tests/sync_test.cpp sends it from
        # a real kiosk. Here branch-02 says it as its kiosk would, with nothing to send.)
        status, _, body = http(s.url + "/v1/checkins", "POST", json.dumps(
            {"items": [], "status": {"quarantined": 2, "outbox": 0}}).encode(),
            {"Content-Type": "application/json", "Authorization": "Bearer " + s.tokens["branch-02"]})
        check(status == 200, f"a heartbeat is taken: {status} {body}")
        wait(d, "branch-02's quarantine, before the branches without problems",
             lambda d: overview_rows(d) == ["branch-03", "branch-02", "branch-01"]
             and "隔离表中有 2 条记录" in row_text(d, "branch-02"), 5)

        # --- A branch's dispatch log, and its CSV ---------------------------------------------
        d.find_element(By.LINK_TEXT, "branch-01").click()
        wait(d, "the dispatch log", lambda d: visible(d, "view-branch") and
             d.find_elements(By.CSS_SELECTOR, "#dispatch-rows tr"))
        report = s.report_csv("branch-01")
        managers = [l.split(",")[0] for l in report.decode().splitlines()[1:]]
        shown = [tr.find_element(By.TAG_NAME, "th").text for tr in d.find_elements(By.CSS_SELECTOR, "#dispatch-rows tr")]
        check(shown == managers, f"the log's managers {shown} are the report's {managers}")
        check(d.find_element(By.ID, "branch-heading").text == "门店 branch-01", "the branch heading in Chinese")
        today = datetime.date.today()
        check(day_field(d, "branch-day") == day_said(today, "zh-CN"), f"the day in Chinese: {day_field(d, 'branch-day')}")
        # The board now and the day's check-ins; a supervisor sees the customers' numbers.
        wait(d, "the board and the visits", lambda d: visible(d, "now") and len(visit_rows(d)) == 7)
        check(visit_rows(d) == [f"A{n:03}" for n in range(7, 0, -1)], f"the visits newest first: {visit_rows(d)}")
        visits_text = d.find_element(By.ID, "visits-rows").get_attribute("textContent")
        check("13812345001" in visits_text and "13812345005" in visits_text, "a supervisor sees the numbers in the visits")
        check("13812345004" in d.find_element(By.ID, "now-board").text, "a supervisor sees a waiting customer's number")
        # A decision's explanation, opened with the keyboard, in the kiosk's words.
        why = d.find_element(By.CSS_SELECTOR, '#visits-rows tr[data-visit="c3"] button.why')
        check(why.get_attribute("aria-expanded") == "false" and not visible(d, "why-c3"), "an explanation starts closed")
        why.send_keys(Keys.ENTER)
        wait(d, "the explanation of A003", lambda d: visible(d, "why-c3") and why.get_attribute("aria-expanded") == "true")
        said = d.find_element(By.ID, "why-c3").text
        for words in (s.kiosk_words("zh-CN", "skip.break", m="M03"), s.kiosk_words("zh-CN", "skip.task", m="M04")):
            check(words in said, f"the explanation says {words!r}: {said!r}")
        check(s.kiosk_words("zh-CN", "rule.reassignment", owner="M06") in said and "改派给M06" in said,
              f"the explanation tells the move after the first assignment: {said!r}")
        d.find_element(By.CSS_SELECTOR, '#visits-rows tr[data-visit="c1"] button.why').click()
        wait(d, "the claim's story", lambda d: s.kiosk_words("zh-CN", "rule.claim-confirmed", owner="M02")
             in d.find_element(By.ID, "why-c1").text)
        check("M02认领这位客户" in d.find_element(By.ID, "why-c1").text, "who claimed is said")
        d.find_element(By.CSS_SELECTOR, '#visits-rows tr[data-visit="c1"] button.why').click()  # closed again
        why_void = d.find_element(By.CSS_SELECTOR, '#visits-rows tr[data-visit="c6"] button.why')
        why_void.click()
        wait(d, "the void's explanation", lambda d: s.kiosk_words("zh-CN", "void.test") in d.find_element(By.ID, "why-c6").text)
        fits_1024(d, "branch")
        shots.take(d, "branch", "zh-CN", whole=True)
        choose_language(d, "en")
        wait(d, "the branch in English", lambda d: d.find_element(By.ID, "branch-heading").text == "Branch branch-01")
        wait(d, "the explanation in English, still open", lambda d: visible(d, "why-c3") and
             s.kiosk_words("en", "skip.break", m="M03") in d.find_element(By.ID, "why-c3").text)
        fits_1024(d, "branch (English)")
        shots.take(d, "branch", "en", whole=True)

        # --- Fairness and audit: every manager, the outlier marked and said ---------------------
        d.find_element(By.ID, "branch-fair").click()
        wait(d, "the fairness table", lambda d: visible(d, "view-fairness") and fair_rows(d))
        check([m for m in fair_rows(d) if m] == managers, f"the fairness rows {fair_rows(d)} are every manager {managers}")
        marked = d.execute_script("return [...document.querySelectorAll('#fair-rows td.outlier')]"
                                  ".map(td => td.dataset.manager + ':' + td.textContent)")
        check(marked == ["M06:▲ 3"], f"M06's three reassignments-in are the one outlier: {marked}")
        claims = d.execute_script(
            "const row = (w) => [...document.querySelectorAll('#fair-rows tr')].find(r => r.querySelector('th')?.textContent === w);"
            "return ['Claims made', 'Claims confirmed', 'Claims rejected'].map(w => ['M02', 'M03'].map(m =>"
            "  row(w)?.querySelector(`td[data-manager='${m}']`)?.textContent))")
        check(claims == [["1", "1"], ["1", "0"], ["0", "1"]], f"M02's claim confirmed and M03's rejected: {claims}")
        # The outlier's decisions open below, each with its story.
        d.find_element(By.CSS_SELECTOR, '#fair-rows button[data-manager="M06"]').send_keys(Keys.ENTER)
        wait(d, "M06's decisions", lambda d: visible(d, "fair-decisions") and
             d.find_elements(By.CSS_SELECTOR, "#fair-decisions-rows tr[data-visit]"))
        theirs = [tr.get_attribute("data-visit") for tr in d.find_elements(By.CSS_SELECTOR, "#fair-decisions-rows tr[data-visit]")]
        check({"c3", "c4", "c5"} <= set(theirs) and "c1" not in theirs, f"the visits moved to M06, not M01's: {theirs}")
        d.find_element(By.CSS_SELECTOR, '#fair-decisions-rows tr[data-visit="c4"] button.why').click()
        wait(d, "the story of a visit moved to M06", lambda d: visible(d, "fair-why-c4") and
             "The supervisor moved the customer to M06" in d.find_element(By.ID, "fair-why-c4").text)
        outliers = d.find_element(By.ID, "fair-outliers").text
        check("M06: Reassigned in 3, more than twice the branch median of 0." in outliers, f"said in words: {outliers}")
        # The last 30 days, shown in the page's language, not the browser's (English here).
        month_ago = today - datetime.timedelta(days=29)
        check(day_field(d, "fair-from") == day_said(month_ago, "en") and day_field(d, "fair-to") == day_said(today, "en"),
              f"the period in English: {day_field(d, 'fair-from')} {day_field(d, 'fair-to')}")
        fits_1024(d, "fairness")
        shots.take(d, "fairness", "en", whole=True)
        choose_language(d, "zh-CN")
        wait(d, "the outlier in Chinese", lambda d: "M06：改派转入 3" in d.find_element(By.ID, "fair-outliers").text)
        check(day_field(d, "fair-from") == day_said(month_ago, "zh-CN") and day_field(d, "fair-to") == day_said(today, "zh-CN"),
              f"the period in Chinese: {day_field(d, 'fair-from')} {day_field(d, 'fair-to')}")
        legends = d.execute_script("return [...document.querySelectorAll('#fair-form legend')].map(l => l.textContent)")
        check(legends == ["从", "到"], f"each end of the period is named: {legends}")
        shots.take(d, "fairness", "zh-CN", whole=True)
        choose_language(d, "en")
        # A period chosen with the keyboard alone: today to today (this year is the last offered),
        # sent with Enter on the button; the address, the caption and the table follow.
        d.find_element(By.CSS_SELECTOR, "#fair-from select[data-part=year]").send_keys(Keys.END)
        choose_by_keys(d, "fair-from", "month", today.month)
        choose_by_keys(d, "fair-from", "day", today.day)
        check(day_field(d, "fair-from") == day_said(today, "en"), f"today chosen: {day_field(d, 'fair-from')}")
        d.find_element(By.CSS_SELECTOR, "#fair-form button[type=submit]").send_keys(Keys.ENTER)
        said_today = f"{today.strftime('%B')} {today.day}, {today.year}"
        wait(d, "the fairness of today alone", lambda d: d.current_url.endswith(f"?from={s.today}&to={s.today}")
             and f"{said_today} to {said_today}" in d.find_element(By.ID, "fair-caption").text
             and "M06: Reassigned in 3" in d.find_element(By.ID, "fair-outliers").text)
        d.find_element(By.ID, "fair-back").click()
        wait(d, "the branch again", lambda d: visible(d, "view-branch") and len(visit_rows(d)) == 7)

        # --- Trends: a bar a day over four weeks; the heatmap holds every check-in ----------------
        d.find_element(By.ID, "branch-trends").click()
        wait(d, "the trends", lambda d: visible(d, "trend-charts") and d.find_elements(By.CSS_SELECTOR, "#trend-heat svg"))
        bars = d.find_elements(By.CSS_SELECTOR, "#trend-days rect.bar")
        check(len(bars) == 28, f"a bar for each of the last 28 days: {len(bars)}")
        cookie = {"Cookie": "hq_session=" + d.get_cookie("hq_session")["value"]}
        period = json.loads(http(f"{s.url}/v1/branches/branch-01/stats?from={s.today}&to={s.today}", headers=cookie)[2])
        total = period["groups"][0]["checkins"]
        counts = d.execute_script("return [...document.querySelectorAll('#trend-heat text.count')].map(t => Number(t.textContent))")
        check(sum(counts) == total and total > 0, f"the heatmap's counts {counts} add up to today's {total} check-ins")
        said = d.find_element(By.CSS_SELECTOR, "#trend-days svg").get_attribute("aria-label")
        check(f"Check-ins per day: {total} from" in said, f"the chart says what it shows: {said}")
        waited = d.execute_script("return [...document.querySelectorAll('#trend-waits svg > text')]"
                                  ".filter((t, i) => i % 2 === 0).map(t => Number(t.textContent))")
        still = re.search(r"(\d+) still waiting", d.find_element(By.ID, "trend-waiting").text)
        check(len(waited) == 8 and sum(waited) + (int(still.group(1)) if still else 0) == total,
              f"the waits {waited} and those still waiting ({still and still.group(0)}) are today's {total} check-ins")
        fits_1024(d, "trends")
        shots.take(d, "trends", "en", whole=True)
        choose_language(d, "zh-CN")
        wait(d, "the trends in Chinese", lambda d: "每日登记" in d.find_element(By.ID, "trend-charts").text)
        check(day_field(d, "trend-from") == day_said(today - datetime.timedelta(days=27), "zh-CN")
              and day_field(d, "trend-to") == day_said(today, "zh-CN"), f"the trends' period in Chinese: {day_field(d, 'trend-from')}")
        shots.take(d, "trends", "zh-CN", whole=True)
        choose_language(d, "en")
        # The whole chain's trends, from the overview: every branch's check-ins added up.
        d.find_element(By.LINK_TEXT, "All branches").click()
        wait(d, "the overview again", lambda d: visible(d, "view-overview"))
        d.find_element(By.ID, "overview-trends").click()
        wait(d, "the chain's trends", lambda d: visible(d, "trend-charts") and
             d.find_element(By.ID, "trend-heading").text == "Trends: the whole chain")
        chain_total = 0
        for branch in ("branch-01", "branch-02", "branch-03"):
            answer = json.loads(http(f"{s.url}/v1/branches/{branch}/stats?from={s.today}&to={s.today}", headers=cookie)[2])
            chain_total += answer["groups"][0]["checkins"]
        said = d.find_element(By.CSS_SELECTOR, "#trend-days svg").get_attribute("aria-label")
        check(chain_total > total and f"Check-ins per day: {chain_total} from" in said,
              f"the chain's days add up all three branches' {chain_total} check-ins: {said}")
        check(not visible(d, "trend-back"), "no branch to go back to")
        shots.take(d, "trends-chain", "en", whole=True)
        choose_language(d, "zh-CN")
        wait(d, "the chain's trends in Chinese", lambda d: d.find_element(By.ID, "trend-heading").text == "趋势：全部门店")
        shots.take(d, "trends-chain", "zh-CN", whole=True)
        choose_language(d, "en")
        d.execute_script("location.hash = '#/branch/branch-01'")
        wait(d, "the branch once more", lambda d: visible(d, "view-branch") and len(visit_rows(d)) == 7)

        d.find_element(By.ID, "branch-csv").click()
        wanted = os.path.join(downloads, f"dispatch-branch-01-{s.today}.csv")
        wait(d, "the CSV download", lambda d: os.path.exists(wanted) and os.path.getsize(wanted) > 0, 10)
        time.sleep(0.2)
        with open(wanted, "rb") as f:
            downloaded = f.read()
        check(downloaded == BOM + report, f"the download is the report with a BOM:\n{downloaded!r}\n{report!r}")
        session = "hq_session=" + d.get_cookie("hq_session")["value"]
        check(d.get_cookie("hq_session")["httpOnly"] and d.get_cookie("hq_session")["sameSite"] == "Strict",
              "the browser holds the cookie HttpOnly and SameSite=Strict")
        plain = http(f"{s.url}/v1/branches/branch-01/dispatch?day={s.today}&format=csv", headers={"Cookie": session})
        check(plain[0] == 200 and plain[2] == report, "format=csv is byte for byte `kiosk report --csv`")
        check(d.execute_script("return document.cookie") == "", "scripts cannot read the session cookie")

        # --- Sign-out, then idle expiry -------------------------------------------------------
        d.find_element(By.ID, "sign-out").click()
        wait(d, "the sign-in form after signing out", lambda d: visible(d, "view-signin") and
             d.find_element(By.ID, "notice").text == "You have signed out.")
        check(http(s.url + "/v1/branches", headers={"Cookie": session})[0] == 401, "signed out at HQ too")

        # --- A viewer never sees a phone number: not on the board, not in the visits ----------
        sign_in(d, "cai", PASSWORD)
        wait(d, "the branch for a viewer", lambda d: visible(d, "view-branch") and len(visit_rows(d)) == 7 and visible(d, "now"))
        why = d.find_element(By.CSS_SELECTOR, '#visits-rows tr[data-visit="c1"] button.why')
        why.click()
        wait(d, "a viewer's explanation", lambda d: visible(d, "why-c1"))
        for page in ("branch", "fairness"):
            if page == "fairness":
                d.find_element(By.ID, "branch-fair").click()
                wait(d, "the fairness page for a viewer", lambda d: visible(d, "view-fairness") and fair_rows(d))
            seen = d.page_source + d.find_element(By.TAG_NAME, "body").get_attribute("textContent")
            shown_phones = [p for p in s.phones() if p in seen]
            check(not shown_phones, f"a viewer sees phone numbers on the {page} page: {shown_phones}")
        d.find_element(By.ID, "sign-out").click()
        wait(d, "signed out again", lambda d: visible(d, "view-signin"))
        d.get(s.url + "/dashboard/#/branch/branch-01")
        sign_in(d, "ann", PASSWORD)
        wait(d, "the branch again, where the person was", lambda d: visible(d, "view-branch"))
        # A check-in at this branch shows on its page within 5 s of its kiosk syncing it.
        wait(d, "the branch's seven check-ins", lambda d: len(visit_rows(d)) == 7)
        s.check_in("branch-01", slice(0, 0), then=[{"ev": "arrive", "t": "2026-11-24T09:40:00", "id": "c40"}])
        synced = time.time()
        wait(d, "the new check-in on the branch page", lambda d: len(visit_rows(d)) == 8 and
             d.find_elements(By.CSS_SELECTOR, '#visits-rows tr[data-visit="c40"]'), 5)
        shown_on_branch = time.time() - synced
        with sqlite3.connect(s.db, timeout=5) as db:
            db.execute("UPDATE sessions SET last_used = '2000-01-01T00:00:00Z'")
        wait(d, "the sign-in form after the session went idle", lambda d: visible(d, "view-signin") and
             "session has ended" in d.find_element(By.ID, "notice").text, 8)
        choose_language(d, "zh-CN")
        shots.take(d, "signin", "zh-CN")
        console = [e for e in d.get_log("browser") if e["level"] == "SEVERE" and "401" not in e["message"]]
        check(not console, f"the browser's console has errors: {console}")
        return (shown_after, shown_on_branch), time.time() - t0
    finally:
        d.quit()


def main():
    args = [a for a in sys.argv[1:] if a != "--golden"]
    if len(args) != 3:
        print(__doc__)
        return 2
    kiosk, hq, source = args
    golden = os.path.join(source, "tests/golden") if "--golden" in sys.argv else None
    work = tempfile.mkdtemp(prefix="dashboard-test-")
    setup = Setup(kiosk, hq, source, work)
    shots = Shots(work, golden)
    started = time.time()
    try:
        setup.start_hq()
        shown_after, browsing = test(setup, shots, os.path.join(work, "downloads"))
    except Failed as e:
        print(f"dashboard: FAILED: {e}\n--- kiosk-hq's log (last lines)", file=sys.stderr)
        print("\n".join(setup.hq_log().splitlines()[-30:]) if os.path.exists(setup.log) else "", file=sys.stderr)
        print(f"(work folder kept: {work})", file=sys.stderr)
        return 1
    finally:
        setup.stop()
    print(f"dashboard: ok in {time.time() - started:.1f} s (browser {browsing:.1f} s); a synced check-in "
          f"showed on the overview after {shown_after[0]:.1f} s and on its branch's page after {shown_after[1]:.1f} s; screenshots: {', '.join(sorted(set(shots.taken)))}")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
