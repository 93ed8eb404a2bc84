// Drop the participantId indexes of the income rollup levels that are never looked up by
// participant alone (IncomeRollup, TrackIncomeRollup, EntryIncomeRollup: their unique `key` starts
// with the participant id and serves STARTS WITH lookups), created by earlier versions of the
// schema: every statement line paid updates these levels, and each index is one more entry to
// write. Idempotent. Statements are separated by semicolons (graph/setup.py runs them one by one).
// Params: none. Returns: nothing
DROP INDEX index_IncomeRollup_participantId IF EXISTS;
DROP INDEX index_TrackIncomeRollup_participantId IF EXISTS;
DROP INDEX index_EntryIncomeRollup_participantId IF EXISTS
