import { INestApplication } from '@nestjs/common';
import { ConsumerGroup } from '@app/contracts';
import { KAFKA, KafkaConsumerServer, TopicNames } from '@app/messaging';

/** Connects the desk's Kafka consumer (group front-door.desk: contact.triaged.v1 for held-item notices). */
export function connectDeskConsumer(app: INestApplication): void {
  app.connectMicroservice(
    {
      strategy: new KafkaConsumerServer({
        kafka: app.get(KAFKA),
        names: app.get(TopicNames),
        groupId: ConsumerGroup.Desk,
      }),
    },
    { inheritAppConfig: true },
  );
}
