export function Item({ contactId }: { contactId: string }) {
  return <p>{contactId}</p>;
}
