-- Each user's language, chosen in the sidebar: the app opens in it for them on any browser.
-- Empty until the user picks one (their browser's language, then the team's, apply meanwhile).
ALTER TABLE users ADD COLUMN language VARCHAR;
