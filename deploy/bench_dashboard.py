#!/usr/bin/python3
"""The HQ dashboard's first page load, in headless Chromium (deploy/bench-hq.sh runs it).

Signs in once, then loads the dashboard afresh RUNS times (a new page, the session cookie kept,
the browser's cache emptied each time), timing from the navigation until the overview lists
every branch. Prints the median and each run, in ms; never pass/fail.
Usage: bench_dashboard.py URL NAME PASSWORD BRANCHES [RUNS]   (the password of user NAME)
"""
import statistics
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def rows(driver):
    return driver.execute_script("return document.querySelectorAll('#overview-rows tr').length")


def main():
    url, name, password, branches = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(url + "/dashboard/")
        deadline = time.time() + 20
        while not driver.find_element(By.ID, "signin-name").is_displayed():
            if time.time() > deadline:
                raise SystemExit("the sign-in form did not show")
            time.sleep(0.05)
        driver.find_element(By.ID, "signin-name").send_keys(name)
        driver.find_element(By.ID, "signin-password").send_keys(password + Keys.ENTER)
        while rows(driver) < branches:  # signed in: the overview shows
            if time.time() > deadline + 30:
                raise SystemExit(f"signed in, the overview showed {rows(driver)} of {branches} branches")
            time.sleep(0.05)
        times = []
        for _ in range(runs + 1):  # the first only warms the server's and the browser's code
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            started = time.perf_counter()
            driver.get(url + "/dashboard/")
            while rows(driver) < branches:
                if time.perf_counter() - started > 30:
                    raise SystemExit(f"the overview showed {rows(driver)} of {branches} branches after 30 s")
                time.sleep(0.005)
            times.append((time.perf_counter() - started) * 1000)
        times = times[1:]
        print(f"dashboard first load, {branches} branches on the overview: median {statistics.median(times):.0f} ms "
              f"({' '.join(f'{t:.0f}' for t in times)})")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
