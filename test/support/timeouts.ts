// Integration and end-to-end tests wait on real Kafka, Postgres and Redis.
jest.setTimeout(120_000);
