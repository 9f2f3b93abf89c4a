/** German messages of the notifications feature (src-renderer/features/notifications); the source of its keys. */
export const deNotifications = {
  'notifications.title': 'Benachrichtigungen',
};
