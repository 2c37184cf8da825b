-- 009 - A verband's board, one row per card (a summary of a case where the verband is a party). A case change
-- saves its own card, never the whole board: the board row of schema 1 grew with every case a verband ever had and
-- was rewritten whole every second (docs/benchmarks.md, W1). Per service id, like the grain state.

CREATE TABLE board_card
(
    service_id text   NOT NULL,
    verband    text   NOT NULL,
    case_id    text   NOT NULL,
    version    bigint NOT NULL,
    summary    jsonb  NOT NULL,
    PRIMARY KEY (service_id, verband, case_id)
);
