// Web punch: when the office requires a location, ask the browser for it before the form is sent.
// Without JavaScript (or when the location is refused) the form is sent as it is and the server explains.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches('form[data-locate]') || form.dataset.located) return;
  if (!('geolocation' in navigator)) return;
  event.preventDefault();
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  const send = () => {
    form.dataset.located = '1';
    form.submit();
  };
  navigator.geolocation.getCurrentPosition(
    (position) => {
      form.elements.namedItem('latitude').value = String(position.coords.latitude);
      form.elements.namedItem('longitude').value = String(position.coords.longitude);
      send();
    },
    send,
    { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
  );
});
