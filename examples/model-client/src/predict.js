// Asks the model server for a prediction and prints it.
const response = await fetch('https://model-serving.example.com/predict', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ input: 'data' }),
  signal: AbortSignal.timeout(10_000),
});
console.log(await response.json());
