-- Remembered links between Bitrix24 records and the HubEx records created or found for them, so that a
-- customer or an address is looked up in HubEx once, not for every deal.
create table dealflow_company_link (
    bitrix24_company_id bigint       primary key,
    hubex_company_id    bigint       not null,
    linked_at           timestamp    not null
);

create table dealflow_location_link (
    address_key         varchar(500) primary key,
    hubex_location_id   bigint       not null,
    linked_at           timestamp    not null
);
