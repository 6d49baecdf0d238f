// Asks the model server for a prediction and prints it.
const response = await fetch('https://model-serving.example.com/predict', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ input: 'data' }),
});
console.log(await response.json());
