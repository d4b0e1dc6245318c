-- Inboxes list open dossiers of a unit subtree. At millions of dossiers most rows of a unit are
-- closed (returned results stay at the desk that received them), so the inbox reads only an index
-- of the open ones: 210 ms → 8 ms for a ward at 10 million dossiers (BENCHMARKS.md). The state
-- list is store.openStates; the inbox's state conditions are subsets of it.
CREATE INDEX dossiers_open_current ON dossiers (current_unit_path text_pattern_ops, due_at, id)
    WHERE state IN ('submitted', 'reception_supplement', 'received', 'in_processing', 'in_interconnection',
                    'awaiting_supplement', 'awaiting_payment', 'withdrawal_requested', 'result_ready');
