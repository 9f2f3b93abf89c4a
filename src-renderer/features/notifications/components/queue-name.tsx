/** A nested queue name (`Wertpapiere::Abwicklung`): the parent levels dimmed, the queue itself plain; read as written. */
export function QueueName({ name }: { name: string }) {
  const levels = name.split('::');
  const own = levels.pop() ?? name;
  return (
    <span>
      {levels.length > 0 && <span className="notification-queue-parent">{`${levels.join('::')}::`}</span>}
      {own}
    </span>
  );
}
