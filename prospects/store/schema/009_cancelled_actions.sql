-- When a deal is won or lost, its open actions are settled (kept, marked done or cancelled). A
-- cancelled action is no longer to do (done = TRUE, so every "next action" and to-do list drops it)
-- and remembers when it was cancelled, so that reopening the deal can say which ones were.
ALTER TABLE actions ADD COLUMN cancelled_at TIMESTAMP;
