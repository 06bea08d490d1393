-- A change-log row stays in its page up to 8 KB instead of 2 KB: a new work order's first row
-- (the whole document, some 8 KB) went to the TOAST table as several chunks, each one more row
-- and index entry written by the merge and read back by every pull.
ALTER TABLE change_log SET (toast_tuple_target = 8160);
