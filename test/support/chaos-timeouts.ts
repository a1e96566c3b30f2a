// The chaos suite runs minutes of load with faults.
jest.setTimeout(900_000);
