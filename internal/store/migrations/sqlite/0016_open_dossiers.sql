-- The open dossiers of a unit subtree, for inboxes (see the PostgreSQL migration of the same name).
CREATE INDEX dossiers_open_current ON dossiers (current_unit_path, due_at, id)
    WHERE state IN ('submitted', 'reception_supplement', 'received', 'in_processing', 'in_interconnection',
                    'awaiting_supplement', 'awaiting_payment', 'withdrawal_requested', 'result_ready');
