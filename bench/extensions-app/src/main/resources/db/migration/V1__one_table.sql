-- One table, so that Flyway has a migration to check at start, like the services.
CREATE TABLE bench_extensions.thing (id bigint PRIMARY KEY);
