/** German messages of the phone ticket feature (src-renderer/features/phone-ticket); the source of its keys. */
export const dePhone = {
  'phone.title': 'Neues Telefonticket',
};
